/**
 * The two certificate steps of a walkthrough: what the server sends (its files, in their order,
 * with what clients make of a wrong order or a missing intermediate) and what the client's
 * validation of it says, turned into the fix a person can apply.
 */
import { toHex } from '../bytes.js';
import type { ChainIssue, ChainResult } from '../relations.js';
import type { CertificateItem } from '../types.js';
import type { HandshakeStep, SourcedCertificate, StepValue, VerdictCode } from './types.js';

const name = (c: CertificateItem) => c.subject.text || '(empty subject)';

function aiaUrls(c: CertificateItem): string[] {
  for (const e of c.extensions) if (e.data?.type === 'authorityInfoAccess') return e.data.caIssuers;
  return [];
}

function isCa(c: CertificateItem): boolean {
  return c.extensions.some((e) => e.data?.type === 'basicConstraints' && e.data.ca);
}

export function dnsNames(c: CertificateItem): string[] {
  for (const e of c.extensions) if (e.data?.type === 'subjectAltName') return e.data.names.filter((n) => n.type === 'dns' || n.type === 'ip').map((n) => n.value);
  return [];
}

/** Index in `chain` of the certificate whose public key is the key file's, or -1. */
export function certificateOfKey(chain: SourcedCertificate[], spkiSha256: string | undefined): number {
  return spkiSha256 ? chain.findIndex((c) => c.item.publicKey.spkiSha256 === spkiSha256) : -1;
}

export function certificateValues(chain: SourcedCertificate[], label: string): StepValue[] {
  return chain.map((c, i) => ({ name: `${label}[${i}] ${name(c.item)}`, size: c.item.der.length, hex: toHex(c.item.der), from: c.from }));
}

/**
 * The server's Certificate message as its files give it. Clients take the first certificate as
 * the server's own (RFC 8446 §4.4.2); the others only help them build a path.
 */
export function certificateNotes(chain: SourcedCertificate[], trusted: CertificateItem[], keyIndex: number): { details: string[]; warning: boolean } {
  const details: string[] = [];
  let warning = false;
  const certs = chain.map((c) => c.item);
  const leaf = certs[0]!;
  if (keyIndex > 0) {
    warning = true;
    details.push(`The first certificate is ${name(leaf)}, but the key belongs to ${name(certs[keyIndex]!)} (certificate ${keyIndex + 1} of the file): a server presents the first certificate as its own, so it must come first.`);
  }
  const issuerIn = (c: CertificateItem, pool: CertificateItem[]) => pool.find((o) => o !== c && o.subject.derHex === c.issuer.derHex);
  for (let i = 1; i < certs.length - 1; i++) {
    const iss = issuerIn(certs[i - 1]!, certs);
    if (iss && certs[i] !== iss) {
      warning = true;
      details.push('The certificates after the first are not in issuing order (each should be followed by its issuer). TLS 1.3 clients and current browsers sort them out (RFC 8446 §4.4.2 asks them to); some older TLS 1.2 clients fail.');
      break;
    }
  }
  // Follow issuers through what is sent; where that stops, the client needs the issuer from its own store.
  let top = leaf;
  const seen = new Set<CertificateItem>([top]);
  for (let next = issuerIn(top, certs); next && !seen.has(next); next = issuerIn(top, certs)) {
    seen.add(next);
    top = next;
  }
  const selfIssued = top.subject.derHex === top.issuer.derHex;
  if (!selfIssued && !issuerIn(top, trusted)) {
    warning = true;
    const urls = aiaUrls(top);
    const browsers = urls.length
      ? `Chrome, Edge and Safari may fetch it from the caIssuers address in the certificate (${urls.join(', ')})`
      : 'Chrome, Edge and Safari fetch a missing intermediate only from a caIssuers address, and this certificate names none';
    details.push(
      `Nothing sent issued ${name(top)}: its issuer ${top.issuer.text || '(empty name)'} is neither in the chain nor trusted by the client. ` +
        `If that issuer is an intermediate CA, the chain is incomplete: ${browsers}; Firefox may know it from its preloaded intermediates; curl, OpenSSL, Node.js, Java, Python and most apps and APIs fail.`,
    );
  }
  if (certs.length > 1 && selfIssued && top !== leaf && isCa(top)) details.push(`The chain includes the root ${name(top)}; clients ignore it (they must already trust it), so sending it only costs bytes.`);
  return { details, warning };
}

export interface Diagnosis {
  code: VerdictCode;
  fix: string;
  /** The failure this fix answers, in words. */
  reason: string;
}

const ORDER: VerdictCode[] = ['wrong_order', 'intermediate_missing', 'untrusted_root', 'expired', 'not_yet_valid', 'wrong_host', 'chain_invalid'];

/** The fixes for a failed validation of the server's chain, most fundamental first. */
export function diagnoseServerChain(r: ChainResult, chain: SourcedCertificate[], keyIndex: number, target: string, trustedName: string): Diagnosis[] {
  const out = new Map<VerdictCode, Diagnosis>();
  if (keyIndex > 0) {
    const owner = chain[keyIndex]!.item;
    // With the wrong certificate first, the other complaints are about that certificate: the order is the fix.
    return [{
      code: 'wrong_order',
      reason: `the first certificate in the file is ${name(chain[0]!.item)}, but the key belongs to ${name(owner)}`,
      fix: `Put ${name(owner)} first in the certificate file, followed by its issuers: the key belongs to it, and a server presents the first certificate as its own.`,
    }];
  }
  for (const issue of r.issues) {
    const c = classify(issue, r, chain, target, trustedName);
    if (c && !out.has(c.code)) out.set(c.code, { ...c, reason: issue.message });
  }
  if (out.size === 0) out.set('chain_invalid', { code: 'chain_invalid', reason: r.issues[0]?.message ?? 'no chain could be built', fix: `Fix the chain: ${r.issues[0]?.message ?? 'it does not validate'}` });
  return ORDER.flatMap((c) => out.get(c) ?? []);
}

function classify(issue: ChainIssue, r: ChainResult, chain: SourcedCertificate[], target: string, trustedName: string): Omit<Diagnosis, 'reason'> | undefined {
  const leaf = chain[0]!.item;
  const who = issue.certIndex >= 0 ? r.chain[issue.certIndex]?.subject ?? name(leaf) : name(leaf);
  switch (issue.code) {
    case 'no_trusted_root': {
      const last = r.chain[r.chain.length - 1];
      const top = chain.find((c) => c.item.sha256 === last?.sha256)?.item ?? leaf;
      const issuer = top.issuer.text || '(empty name)';
      if (top.subject.derHex === top.issuer.derHex) {
        return { code: 'untrusted_root', fix: `Trust the root ${name(top)}: add it to the client's trust store (--trusted FILE), or use a certificate from a CA that ${trustedName} includes.` };
      }
      if (top === leaf) {
        return { code: 'intermediate_missing', fix: `Add the intermediate CA certificate that issued ${name(leaf)} (${issuer}) after it in the certificate file (a fullchain.pem: leaf, then intermediates); if ${issuer} is itself the root CA, trust it instead (--trusted FILE).` };
      }
      return { code: 'untrusted_root', fix: `Trust the root CA ${issuer} that issued ${name(top)}: add it to the client's trust store (--trusted FILE); if ${issuer} is another intermediate, add it to the certificate file after ${name(top)}.` };
    }
    case 'self_signed_leaf':
      return { code: 'untrusted_root', fix: `Trust the self-signed certificate ${name(leaf)} itself (--trusted FILE), or use a certificate from a CA that ${trustedName} includes.` };
    case 'expired':
      return { code: 'expired', fix: issue.certIndex <= 0 ? `Renew the server certificate: ${issue.message}` : `Replace the expired CA certificate in the chain: ${issue.message}` };
    case 'not_yet_valid':
      return { code: 'not_yet_valid', fix: `Wait until the certificate is valid, or check the clocks: ${issue.message}` };
    case 'hostname_mismatch':
    case 'ip_mismatch': {
      const names = dnsNames(leaf);
      const list = names.length ? `one of the names it is for (${names.join(', ')})` : 'a name it is for (it lists none in subjectAltName)';
      return { code: 'wrong_host', fix: `Use the right name: connect as ${list}, or get a certificate whose subjectAltName includes ${target}.` };
    }
    default:
      return { code: 'chain_invalid', fix: `Fix the chain: ${who}: ${issue.message}` };
  }
}
