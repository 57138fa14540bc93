/**
 * Path building over an unordered heap (RFC 4158 in spirit, Go's verify.go in shape):
 * depth-first over candidate issuers whose subject equals the certificate's issuer name,
 * preferring AKI/SKI matches, trust anchors and currently valid candidates; alternatives are
 * tried when a path fails validation; cross-sign loops are cut by a (subject, key) visited set;
 * work is capped so hostile heaps finish fast.
 */
import type { ChainIssue, ChainLink, ChainResult, VerifyOptions } from '../relations.js';
import type { CertificateItem, CrlItem } from '../types.js';
import { checkRevocation } from './crl.js';
import { decodeCertificate, decodeCrl } from './decode.js';
import { verifySignature, type SigResult } from './signature.js';
import { ext, name, validatePath, type PathCert } from './validate.js';

const MAX_SIG_CHECKS = 100;
const MAX_CANDIDATES = 1000;
const MAX_PATHS = 32;
const MAX_PATH_LENGTH = 16;

class Builder {
  sigChecks = 0;
  candidates = 0;
  limited = false;
  private cache = new Map<string, Promise<SigResult>>();
  /** Why candidate anchors were rejected while building, for the `no_trusted_root` hint. */
  rejected: string[] = [];

  constructor(readonly heap: PathCert[], readonly opts: VerifyOptions) {}

  sig = (subject: CertificateItem, issuer: CertificateItem): Promise<SigResult> => {
    const key = `${issuer.publicKey.spkiSha256}:${subject.sha256}`;
    let hit = this.cache.get(key);
    if (!hit) {
      if (++this.sigChecks > MAX_SIG_CHECKS) {
        this.limited = true;
        return Promise.resolve({ verdict: 'invalid', detail: 'signature check budget exhausted' });
      }
      hit = verifySignature(subject.tbs, subject.signatureAlgorithm, subject.signatureHex, issuer.publicKey);
      this.cache.set(key, hit);
    }
    return hit;
  };

  private issuersOf(c: CertificateItem): PathCert[] {
    const at = this.opts.at.getTime();
    const aki = ext(c, 'authorityKeyIdentifier')?.keyIdHex;
    const score = (p: PathCert) => {
      const ski = ext(p.cert, 'subjectKeyIdentifier')?.keyIdHex;
      const valid = at >= Date.parse(p.cert.notBefore) && at <= Date.parse(p.cert.notAfter);
      return (aki && ski ? (aki === ski ? 4 : -8) : 0) + (p.trusted ? 2 : 0) + (valid ? 1 : 0);
    };
    return this.heap.filter((p) => p.cert.subject.derHex === c.issuer.derHex).sort((a, b) => score(b) - score(a));
  }

  /** Every name-chained path from `leaf` to an anchor (bounded), plus the longest dead end. */
  paths(leaf: PathCert): { complete: PathCert[][]; partial: PathCert[] } {
    const complete: PathCert[][] = [];
    let partial: PathCert[] = [leaf];
    const walk = (path: PathCert[], seen: Set<string>) => {
      const top = path[path.length - 1]!;
      if (top.trusted) {
        complete.push(path);
        return;
      }
      let extended = false;
      if (path.length < MAX_PATH_LENGTH) {
        for (const cand of this.issuersOf(top.cert)) {
          if (complete.length >= MAX_PATHS || this.limited) break;
          if (++this.candidates > MAX_CANDIDATES) {
            this.limited = true;
            break;
          }
          const id = `${cand.cert.subject.derHex}:${cand.cert.publicKey.spkiSha256}`;
          if (seen.has(id) || cand.cert.sha256 === top.cert.sha256) continue;
          extended = true;
          walk([...path, cand], new Set([...seen, id]));
        }
      }
      if (!extended && path.length > partial.length) partial = path;
    };
    walk([leaf], new Set([`${leaf.cert.subject.derHex}:${leaf.cert.publicKey.spkiSha256}`]));
    return { complete, partial };
  }
}

function links(path: PathCert[], issues: ChainIssue[]): ChainLink[] {
  return path.map((p, i) => ({
    subject: name(p.cert),
    issuer: p.cert.issuer.text,
    sha256: p.cert.sha256,
    trusted: p.trusted,
    status: issues.some((x) => x.certIndex === i) ? 'invalid' : 'ok',
  }));
}

function hintFor(last: CertificateItem, anchors: PathCert[], b: Builder): string {
  const sameName = anchors.filter((a) => a.cert.subject.derHex === last.issuer.derHex);
  if (sameName.length) return `the trusted certificate ${name(sameName[0]!.cert)} has the right name but did not work: ${b.rejected[0] ?? 'see the issues'}.`;
  const aki = ext(last, 'authorityKeyIdentifier')?.keyIdHex;
  const byKey = aki && anchors.find((a) => ext(a.cert, 'subjectKeyIdentifier')?.keyIdHex === aki);
  if (byKey) return `the trusted certificate ${name(byKey.cert)} has the key identifier ${name(last)} names, but its subject (${byKey.cert.subject.text}) is not the issuer name ${last.issuer.text}.`;
  const cn = last.issuer.attributes.find((a) => a.oid === '2.5.4.3')?.value;
  const similar = cn && anchors.find((a) => a.cert.subject.attributes.some((x) => x.oid === '2.5.4.3' && x.value === cn));
  if (similar) return `the trusted certificate ${similar.cert.subject.text} has the same common name as the issuer ${last.issuer.text}, but its full name differs.`;
  return `no trusted certificate is named ${last.issuer.text || '(empty name)'}; add the issuer with --trusted or the missing intermediate with --untrusted.`;
}

/** Builds and validates; returns the first valid path, else the path with the fewest issues. */
export async function verifyParsed(leaf: CertificateItem, heap: PathCert[], crls: CrlItem[], opts: VerifyOptions): Promise<ChainResult> {
  const b = new Builder(heap, opts);
  const anchors = heap.filter((p) => p.trusted);
  const leafNode = anchors.find((a) => a.cert.sha256 === leaf.sha256) ?? { cert: leaf, trusted: false };
  const { complete, partial } = b.paths(leafNode);
  let best: { path: PathCert[]; issues: ChainIssue[] } | undefined;
  for (const path of complete) {
    const issues = await validatePath(path, opts, b.sig);
    if (crls.length) issues.push(...(await checkRevocation(path, crls, opts.at)));
    const last = path[path.length - 1]!;
    if (issues.length && last.trusted) b.rejected.push(`${name(last.cert)}: ${issues[0]!.message}`);
    if (!best || issues.length < best.issues.length) best = { path, issues };
    if (!issues.length) break;
  }
  if (!best) {
    const issues = await validatePath(partial, opts, b.sig);
    const last = partial[partial.length - 1]!.cert;
    const selfSigned = last.selfIssued && (await b.sig(last, last)).verdict === 'valid';
    if (partial.length === 1 && selfSigned) issues.push({ code: 'self_signed_leaf', certIndex: 0, message: `${name(last)} is self-signed and is not among the trusted certificates.` });
    const hint = hintFor(last, anchors, b);
    issues.push({ code: 'no_trusted_root', certIndex: partial.length - 1, message: `the chain ends at ${name(last)}, whose issuer ${last.issuer.text || '(empty name)'} is not trusted.` });
    best = { path: partial, issues };
    if (b.limited) best.issues.push({ code: 'work_limit', certIndex: -1, message: `path building stopped after ${b.sigChecks} signature checks and ${b.candidates} candidates.` });
    return { valid: false, chain: links(best.path, best.issues), issues: best.issues, hint };
  }
  if (b.limited && best.issues.length) best.issues.push({ code: 'work_limit', certIndex: -1, message: `path building stopped after ${b.sigChecks} signature checks and ${b.candidates} candidates; other paths were not tried.` });
  return { valid: best.issues.length === 0, chain: links(best.path, best.issues), issues: best.issues };
}

function unreadable(what: string, err: unknown): ChainResult {
  const detail = err instanceof Error ? err.message : String(err);
  return { valid: false, chain: [], issues: [{ code: 'malformed', certIndex: -1, message: `${what} cannot be read: ${detail}.` }] };
}

/** Verifies a leaf (DER) against trusted and untrusted certificates and optional CRLs. Never throws on bad input. */
export async function verifyChain(leafDer: Uint8Array, opts: VerifyOptions): Promise<ChainResult> {
  let leaf: CertificateItem;
  try {
    leaf = decodeCertificate(leafDer);
  } catch (err) {
    return unreadable('the leaf certificate', err);
  }
  const heap: PathCert[] = [];
  for (const [list, trusted] of [[opts.trusted, true], [opts.untrusted, false]] as const) {
    for (const d of list) {
      try {
        heap.push({ cert: decodeCertificate(d), trusted });
      } catch {
        // An unreadable extra certificate cannot be on any path; it is not the leaf's fault.
      }
    }
  }
  // A CRL that is not well-formed is not evidence of anything: it is set aside (and said so),
  // as if it had not been given (x509-limbo crl::crl-invalid-version, crl-missing-next-update).
  // A well-formed CRL that cannot be used (wrong signer, expired, unknown critical extension)
  // still fails the chain, in checkRevocation.
  const crls: CrlItem[] = [];
  const notes: string[] = [];
  for (const d of opts.crls) {
    try {
      crls.push(decodeCrl(d));
    } catch (err) {
      notes.push(`a CRL was ignored because it is malformed: ${err instanceof Error ? err.message : String(err)}.`);
    }
  }
  try {
    const r = await verifyParsed(leaf, heap, crls, opts);
    return notes.length ? { ...r, notes } : r;
  } catch (err) {
    return unreadable('the chain', err);
  }
}

/**
 * For the app: one result per leaf among `certs` (a certificate that issued no other certificate
 * in the set), validated for no particular purpose.
 *
 * Unlike `verify`, profile lapses (issue code `profile`: a CA whose basicConstraints is not
 * critical, a missing key identifier, ...) are warnings here: the app answers "does this chain
 * link up to a root you trust", as Go and OpenSSL without -x509_strict do, and still shows every
 * lapse in words. `pem-inspector verify` stays strict.
 */
export async function buildChains(certs: CertificateItem[], anchors: CertificateItem[], at: Date): Promise<ChainResult[]> {
  const heap: PathCert[] = [...anchors.map((cert) => ({ cert, trusted: true })), ...certs.map((cert) => ({ cert, trusted: false }))];
  const seen = new Set<string>();
  const leaves = certs.filter((c) => {
    if (seen.has(c.sha256)) return false;
    seen.add(c.sha256);
    return !certs.some((o) => o.sha256 !== c.sha256 && o.issuer.derHex === c.subject.derHex && !o.selfIssued);
  });
  const opts: VerifyOptions = { trusted: [], untrusted: [], crls: [], at, purpose: 'any' };
  const out: ChainResult[] = [];
  for (const leaf of leaves) {
    try {
      out.push(profileAsWarnings(await verifyParsed(leaf, heap, [], opts)));
    } catch (err) {
      out.push(unreadable(name(leaf), err));
    }
  }
  return out;
}

function profileAsWarnings(r: ChainResult): ChainResult {
  if (!r.issues.some((i) => i.code === 'profile')) return r;
  const issues = r.issues.map((i) => (i.code === 'profile' ? { ...i, severity: 'warning' as const } : i));
  const errors = issues.filter((i) => i.severity !== 'warning');
  const chain = r.chain.map((link, n) => ({ ...link, status: errors.some((i) => i.certIndex === n || i.certIndex === -1) ? ('invalid' as const) : ('ok' as const) }));
  return { ...r, issues, chain, valid: r.chain.length > 0 && errors.length === 0 && r.chain[r.chain.length - 1]!.trusted };
}
