/**
 * Certificate order for written files: each certificate followed by its issuer, leaf → root
 * (RFC 8446 §4.4.2; what servers send and what PKCS#12 readers expect).
 *
 * Not core/chain's path builder: that one validates (time, usages, trust anchors, policies) and
 * answers "is this chain good?". Writing only needs "which of these certificates issued that
 * one?", also for expired or untrusted chains, which must still be written in order. So this is
 * a plain walk: an issuer's subject equals the certificate's issuer name, its subject key
 * identifier equals the certificate's authority key identifier when both are present, and the
 * signature verifies with its key. A candidate whose signature we cannot check (a broken MD5
 * signature, DSA) is taken only when no candidate verifies; one whose signature fails never.
 */
import { verifySignature, type SigVerdict } from '../chain/signature.js';
import type { CertificateItem, Item } from '../types.js';

/** Signature checks per ordering; beyond it, names and key identifiers decide. Hostile pools stay fast. */
export const MAX_ORDER_SIGNATURE_CHECKS = 200;
/** Issuer candidates looked at per certificate (same subject name): real pools have one or two. */
export const MAX_ISSUER_CANDIDATES = 16;
/** Longest chain followed from a leaf (core/chain's path limit too). */
export const MAX_CHAIN_LENGTH = 16;

function keyId(c: CertificateItem, type: 'subjectKeyIdentifier' | 'authorityKeyIdentifier'): string | undefined {
  for (const e of c.extensions) {
    if (e.data?.type === 'subjectKeyIdentifier' && type === 'subjectKeyIdentifier') return e.data.keyIdHex;
    if (e.data?.type === 'authorityKeyIdentifier' && type === 'authorityKeyIdentifier') return e.data.keyIdHex;
  }
  return undefined;
}

export class IssuerFinder {
  private checks = 0;
  private readonly verdicts = new Map<string, Promise<SigVerdict>>();
  private readonly found = new Map<number, Promise<number | undefined>>();
  /** Certificates by subject name (DER hex), so finding candidates is a lookup, not a scan. */
  private readonly bySubject = new Map<string, number[]>();

  /** `indexes` are the certificates of `items` to look among. */
  constructor(
    private readonly items: readonly Item[],
    indexes: readonly number[],
  ) {
    for (const i of indexes) {
      const key = (items[i] as CertificateItem).subject.derHex;
      const list = this.bySubject.get(key);
      if (list) list.push(i);
      else this.bySubject.set(key, [i]);
    }
  }

  private verdict(child: CertificateItem, issuer: CertificateItem): Promise<SigVerdict> {
    const id = `${child.sha256}:${issuer.sha256}`;
    let v = this.verdicts.get(id);
    if (!v) {
      if (++this.checks > MAX_ORDER_SIGNATURE_CHECKS) return Promise.resolve('unsupported');
      v = verifySignature(child.tbs, child.signatureAlgorithm, child.signatureHex, issuer.publicKey).then((r) => r.verdict);
      this.verdicts.set(id, v);
    }
    return v;
  }

  /** The index of the certificate that issued certificate `i`, if it is among `indexes`; a self-issued root has none. */
  issuerOf(i: number): Promise<number | undefined> {
    let hit = this.found.get(i);
    if (!hit) {
      hit = this.find(i);
      this.found.set(i, hit);
    }
    return hit;
  }

  private async find(i: number): Promise<number | undefined> {
    const c = this.items[i] as CertificateItem;
    if (c.selfIssued) return undefined;
    const aki = keyId(c, 'authorityKeyIdentifier');
    const names: number[] = [];
    let scanned = 0;
    for (const j of this.bySubject.get(c.issuer.derHex) ?? []) {
      // Bounded both ways: a hostile pool of thousands of same-name certificates costs a few lookups each.
      if (names.length >= MAX_ISSUER_CANDIDATES || ++scanned > 4 * MAX_ISSUER_CANDIDATES) break;
      const d = this.items[j] as CertificateItem;
      if (j === i || d.sha256 === c.sha256) continue;
      const ski = keyId(d, 'subjectKeyIdentifier');
      if (!(aki && ski && aki !== ski)) names.push(j);
    }
    let fallback: number | undefined;
    for (const j of names) {
      const v = await this.verdict(c, this.items[j] as CertificateItem);
      if (v === 'valid') return j;
      if (v !== 'invalid' && fallback === undefined) fallback = j;
    }
    return fallback;
  }

  /** `leaf`, its issuer, that one's issuer... as far as the pool goes (loops cut). */
  async chainFrom(leaf: number): Promise<number[]> {
    const chain = [leaf];
    for (let at = await this.issuerOf(leaf); at !== undefined && !chain.includes(at) && chain.length < MAX_CHAIN_LENGTH; at = await this.issuerOf(at)) chain.push(at);
    return chain;
  }
}

/**
 * All of `indexes` (certificates of `items`) in written order: chain after chain, each leaf →
 * root; chains whose leaf is in `first` (certificates of the keys being written) come first; an
 * issuer shared by two chains is written once, with the first. Certificates in no chain (a loop
 * of cross-signs) follow in their input order.
 */
export async function orderCertificates(items: readonly Item[], indexes: readonly number[], first: ReadonlySet<number> = new Set()): Promise<number[]> {
  const finder = new IssuerFinder(items, indexes);
  const issuers = new Set<number>();
  for (const i of indexes) {
    const up = await finder.issuerOf(i);
    if (up !== undefined) issuers.add(up);
  }
  const leaves = indexes.filter((i) => !issuers.has(i));
  leaves.sort((a, b) => Number(first.has(b)) - Number(first.has(a)));
  const out: number[] = [];
  const placed = new Set<number>();
  for (const leaf of leaves) {
    for (const i of await finder.chainFrom(leaf)) {
      if (placed.has(i)) break;
      placed.add(i);
      out.push(i);
    }
  }
  for (const i of indexes) if (!placed.has(i)) out.push(i);
  return out;
}
