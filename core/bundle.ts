/**
 * Bundle health for the items of one file (a `fullchain.pem`, a `.p7b`, the `tls.crt` of a
 * Kubernetes Secret): certificate order, missing intermediates (named by their AIA URL, never
 * fetched), an unneeded root, duplicates.
 */
import { KIND_NOUNS } from './containers.js';
import { isSelfIssued, sameName } from './chain/dn.js';
import type { BundleFinding } from './relations.js';
import type { CertificateItem, Item } from './types.js';

function aiaIssuers(c: CertificateItem): string[] {
  for (const e of c.extensions) if (e.data?.type === 'authorityInfoAccess') return e.data.caIssuers;
  return [];
}

function isCa(c: CertificateItem): boolean {
  return c.extensions.some((e) => e.data?.type === 'basicConstraints' && e.data.ca);
}

/**
 * What makes two items copies of each other: the same DER, except that a public key is the same
 * key however it is written (SPKI, OpenSSH line, RFC 4716 block), and a secret key, whose bytes
 * are never kept, is compared with nothing.
 */
function sameness(it: Item): string | undefined {
  if (it.kind === 'public-key') return `key:${it.publicKey.spkiSha256}`;
  if (it.der.length === 0) return undefined;
  return `der:${it.sha256}`;
}

/** Containers whose entries are not a served bundle: their order and repeats are the container's own design. */
const NOT_BUNDLES = new Set(['jks', 'jceks', 'pkcs12']);

/**
 * The bundles of a file, as lists of item positions: the whole file for PEM/DER/PKCS#7, and one
 * per value for items that came out of a manifest or a JWK (each Secret key, each `x5c`). The
 * entries of a keystore or PKCS#12 are no bundle: a CA stored as a trusted entry and again in a
 * key entry's chain is normal there, and entries have no order a client sees.
 */
function bundlesOf(items: Item[]): number[][] {
  const groups = new Map<string, number[]>();
  items.forEach((it, i) => {
    if (it.container && NOT_BUNDLES.has(it.container)) return;
    const key = (it.location ?? '').replace(/ (?:chain|x5c)\[\d+\]$/, '');
    const g = groups.get(key);
    if (g) g.push(i);
    else groups.set(key, [i]);
  });
  return [...groups.values()];
}

/** Findings about the bundles of one file (see `bundlesOf`); item positions are the file's. */
export function bundleHealth(items: Item[]): BundleFinding[] {
  const out: BundleFinding[] = [];
  for (const positions of bundlesOf(items)) {
    for (const f of bundleFindings(positions.map((i) => items[i]!))) {
      const itemIndexes = f.itemIndexes.map((k) => positions[k]!);
      out.push({ ...f, message: f.message.replace(/\{(\d+)\}/g, (_, k: string) => String(positions[Number(k)]! + 1)), itemIndexes });
    }
  }
  return out;
}

/** The checks of one bundle; `{k}` in a message stands for the number of its item k, renumbered by the caller. */
function bundleFindings(items: Item[]): BundleFinding[] {
  const out: BundleFinding[] = [];
  const certs = items.flatMap((it, i) => (it.kind === 'certificate' ? [{ c: it, i }] : []));

  const bySha = new Map<string, number[]>();
  items.forEach((it, i) => bySha.set(it.sha256, [...(bySha.get(it.sha256) ?? []), i]));
  const copies = new Map<string, number[]>();
  items.forEach((it, i) => {
    const key = sameness(it);
    if (key) copies.set(key, [...(copies.get(key) ?? []), i]);
  });
  for (const idx of copies.values()) {
    if (idx.length > 1) out.push({ code: 'duplicate', severity: 'warning', message: `The same ${KIND_NOUNS[items[idx[0]!]!.kind]} appears ${idx.length} times (items ${idx.map((i) => `{${i}}`).join(', ')}).`, itemIndexes: idx });
  }

  const unique = certs.filter(({ c, i }) => bySha.get(c.sha256)![0] === i);
  const issuerOf = (c: CertificateItem) => unique.find((o) => o.c !== c && !c.selfIssued && o.c.subject.derHex === c.issuer.derHex);
  const issued = (c: CertificateItem) => unique.some((o) => o.c !== c && !o.c.selfIssued && o.c.issuer.derHex === c.subject.derHex);

  // Order: each certificate should be followed by its issuer (RFC 8446 §4.4.2, leaf first).
  let misordered = false;
  for (let k = 0; k < unique.length - 1; k++) {
    const { c } = unique[k]!;
    const iss = issuerOf(c);
    if (iss && unique[k + 1]!.c !== iss.c) misordered = true;
  }
  const leaves = unique.filter(({ c }) => !issued(c));
  if (misordered || (leaves.length === 1 && unique[0] && unique[0].c !== leaves[0]!.c)) {
    const order: number[] = [];
    for (const leaf of leaves) {
      let cur: { c: CertificateItem; i: number } | undefined = leaf;
      while (cur && !order.includes(cur.i)) {
        order.push(cur.i);
        cur = issuerOf(cur.c);
      }
    }
    for (const { i } of unique) if (!order.includes(i)) order.push(i);
    out.push({ code: 'chain_order', severity: 'warning', message: `The certificates are out of order: each should be followed by its issuer, leaf first. Right order: items ${order.map((i) => `{${i}}`).join(', ')}.`, itemIndexes: order });
  }

  for (const { c, i } of leaves) {
    let cur: CertificateItem = c;
    const seen = new Set<CertificateItem>();
    while (!seen.has(cur)) {
      seen.add(cur);
      const next = issuerOf(cur);
      if (!next) break;
      cur = next.c;
    }
    // A bundle normally stops below the root, so only a leaf without any issuer is incomplete.
    if (cur === c && !cur.selfIssued) {
      const urls = aiaIssuers(cur);
      const where = urls.length ? ` Its issuer certificate is published at ${urls.join(', ')} (not fetched).` : '';
      out.push({ code: 'intermediate_missing', severity: 'warning', message: `The issuer of ${cur.label} (${cur.issuer.text}) is not in the bundle.${where}`, itemIndexes: [i] });
    }
  }

  const hasLeaf = unique.some(({ c }) => !isCa(c));
  for (const { c, i } of unique) {
    if (c.selfIssued && isCa(c) && hasLeaf && unique.length > 1) {
      out.push({ code: 'root_included', severity: 'info', message: `The bundle includes the root ${c.label}; servers need not send it, since clients must already trust it.`, itemIndexes: [i] });
    }
  }
  return out;
}

/**
 * For `verify LEAF` on a bundle: when the first certificate is a CA and another certificate of
 * the same file chains to it, the file is out of order (a server sends its first certificate as
 * its own). Returns the position of the end-entity: the certificate that issued none of the
 * others, following the chain down from the first one. Undefined when the order is fine.
 */
export function misplacedLeaf(certs: CertificateItem[]): { endEntity: number } | undefined {
  const first = certs[0];
  if (!first || !isCa(first)) return undefined;
  const issuedBy = (c: CertificateItem) => certs.findIndex((o) => o !== c && o.sha256 !== c.sha256 && !isSelfIssued(o) && sameName(o.issuer, c.subject));
  let at = issuedBy(first);
  if (at < 0) return undefined;
  for (let steps = 0; steps < certs.length; steps++) {
    const next = issuedBy(certs[at]!);
    if (next < 0) return { endEntity: at };
    at = next;
  }
  return { endEntity: at };
}
