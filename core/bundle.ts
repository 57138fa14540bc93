/**
 * Bundle health for the items of one file (a `fullchain.pem`, a `.p7b`): certificate order,
 * missing intermediates (named by their AIA URL, never fetched), an unneeded root, duplicates.
 */
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

export function bundleHealth(items: Item[]): BundleFinding[] {
  const out: BundleFinding[] = [];
  const certs = items.flatMap((it, i) => (it.kind === 'certificate' ? [{ c: it, i }] : []));

  const bySha = new Map<string, number[]>();
  items.forEach((it, i) => bySha.set(it.sha256, [...(bySha.get(it.sha256) ?? []), i]));
  for (const idx of bySha.values()) {
    if (idx.length > 1) out.push({ code: 'duplicate', severity: 'warning', message: `The same ${items[idx[0]!]!.kind} appears ${idx.length} times (items ${idx.map((i) => i + 1).join(', ')}).`, itemIndexes: idx });
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
    out.push({ code: 'chain_order', severity: 'warning', message: `The certificates are out of order: each should be followed by its issuer, leaf first. Right order: items ${order.map((i) => i + 1).join(', ')}.`, itemIndexes: order });
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
