/**
 * Path building over an unordered heap (RFC 4158 in spirit, Go's verify.go in shape):
 * depth-first over candidate issuers whose subject matches the certificate's issuer name
 * (RFC 5280 §7.1), preferring AKI/SKI matches, trust anchors and currently valid candidates.
 * A candidate whose signature over the certificate does not verify is never put in the chain:
 * it is kept as a rejected alternative with its reason. Alternatives are tried when a path fails
 * validation; cross-sign loops are cut by a (subject, key) visited set; work is capped.
 */
import type { ChainIssue, ChainLink, ChainResult, Profile, RejectedAlternative, VerifyOptions } from '../relations.js';
import type { CertificateItem, CrlItem } from '../types.js';
import { lintItem } from '../lint.js';
import { checkRevocation } from './crl.js';
import { decodeCertificate, decodeCrl } from './decode.js';
import { isSelfIssued, nameKey, sameName } from './dn.js';
import { verifySignature, type SigResult } from './signature.js';
import { ext, name, validatePath, type PathCert, type PathVerdict } from './validate.js';

const MAX_SIG_CHECKS = 100;
const MAX_CANDIDATES = 1000;
const MAX_PATHS = 32;
const MAX_PATH_LENGTH = 16;

/** A candidate set aside while building, before it is placed relative to the chosen chain. */
interface Setaside {
  child: string;
  cand: PathCert;
  code: RejectedAlternative['code'];
  message: string;
}

class Builder {
  sigChecks = 0;
  candidates = 0;
  limited = false;
  private cache = new Map<string, Promise<SigResult>>();
  setaside: Setaside[] = [];

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
    return this.heap.filter((p) => sameName(p.cert.subject, c.issuer)).sort((a, b) => score(b) - score(a));
  }

  /** Every name-chained, signature-fitting path from `leaf` to an anchor (bounded), plus the longest dead end. */
  async paths(leaf: PathCert): Promise<{ complete: PathCert[][]; partial: PathCert[] }> {
    const complete: PathCert[][] = [];
    let partial: PathCert[] = [leaf];
    const idOf = (p: PathCert) => `${nameKey(p.cert.subject)}:${p.cert.publicKey.spkiSha256}`;
    const walk = async (path: PathCert[], seen: Set<string>): Promise<void> => {
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
          if (seen.has(idOf(cand)) || cand.cert.sha256 === top.cert.sha256) continue;
          const r = await this.sig(top.cert, cand.cert);
          if (r.verdict === 'invalid' && !this.limited) {
            this.setaside.push({ child: top.cert.sha256, cand, code: 'bad_signature', message: `${name(cand.cert)} has the issuer's name, but the signature on ${name(top.cert)} does not verify with its key${r.detail ? ` (${r.detail})` : ''}.` });
            continue;
          }
          extended = true;
          await walk([...path, cand], new Set([...seen, idOf(cand)]));
        }
      }
      if (!extended && path.length > partial.length) partial = path;
    };
    await walk([leaf], new Set([idOf(leaf)]));
    return { complete, partial };
  }
}

function itemFindings(c: CertificateItem, at: Date, issues: ChainIssue[], index: number, have: Set<string>) {
  const taken = new Set([...have, ...issues.filter((i) => i.certIndex === index).map((i) => i.code), 'non_der', 'expired', 'not_yet_valid']);
  return lintItem(c, at).filter((f) => !taken.has(f.code)).map(({ code, severity, message }) => ({ code, severity, message }));
}

function links(path: PathCert[], v: PathVerdict, at: Date): ChainLink[] {
  return path.map((p, i) => {
    const own = v.findings.filter((f) => f.certIndex === i).map(({ code, severity, message }) => ({ code, severity, message }));
    return {
      subject: name(p.cert),
      issuer: p.cert.issuer.text,
      sha256: p.cert.sha256,
      trusted: p.trusted,
      status: v.issues.some((x) => x.certIndex === i) ? 'invalid' : 'ok',
      findings: [...own, ...itemFindings(p.cert, at, v.issues, i, new Set(own.map((f) => f.code)))],
    };
  });
}

/** The set-aside candidates and the other complete paths, placed against the chosen chain. */
function rejectedFor(path: PathCert[], b: Builder, others: { path: PathCert[]; issues: ChainIssue[] }[]): RejectedAlternative[] {
  const out: RejectedAlternative[] = [];
  const seen = new Set<string>();
  const push = (certIndex: number, cand: PathCert, code: RejectedAlternative['code'], message: string) => {
    const key = `${certIndex}:${cand.cert.sha256}`;
    if (certIndex < 0 || seen.has(key)) return;
    seen.add(key);
    out.push({ certIndex, subject: name(cand.cert), sha256: cand.cert.sha256, trusted: cand.trusted, code, message });
  };
  for (const s of b.setaside) push(path.findIndex((p) => p.cert.sha256 === s.child), s.cand, s.code, s.message);
  for (const o of others) {
    let k = 1;
    while (k < o.path.length && k < path.length && o.path[k]!.cert.sha256 === path[k]!.cert.sha256) k++;
    const cand = o.path[k];
    if (!cand || k - 1 >= path.length || o.path[k - 1]!.cert.sha256 !== path[k - 1]!.cert.sha256) continue;
    push(k - 1, cand, 'invalid_path', `a path through ${name(cand.cert)} was tried and fails: ${o.issues[0]?.message ?? 'see its issues'}`);
  }
  return out;
}

function hintFor(last: CertificateItem, anchors: PathCert[], rejected: RejectedAlternative[]): string {
  const named = anchors.filter((a) => sameName(a.cert.subject, last.issuer));
  if (named.length) {
    const why = rejected.find((r) => r.sha256 === named[0]!.cert.sha256)?.message ?? 'see the issues';
    return `the trusted certificate ${name(named[0]!.cert)} has the right name but did not work: ${why}`;
  }
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
  const profile: Profile = opts.profile ?? 'webpki';
  const b = new Builder(heap, opts);
  const anchors = heap.filter((p) => p.trusted);
  const leafNode = anchors.find((a) => a.cert.sha256 === leaf.sha256) ?? { cert: leaf, trusted: false };
  const { complete, partial } = await b.paths(leafNode);
  const tried: { path: PathCert[]; verdict: PathVerdict }[] = [];
  let best: { path: PathCert[]; verdict: PathVerdict } | undefined;
  for (const path of complete) {
    const verdict = await validatePath(path, opts, b.sig);
    if (crls.length) verdict.issues.push(...(await checkRevocation(path, crls, opts.at)));
    tried.push({ path, verdict });
    if (!best || verdict.issues.length < best.verdict.issues.length) best = { path, verdict };
    if (!verdict.issues.length) break;
  }
  if (!best) {
    const verdict = await validatePath(partial, opts, b.sig);
    const end = partial.length - 1;
    const last = partial[end]!.cert;
    const selfSigned = isSelfIssued(last) && (await b.sig(last, last)).verdict === 'valid';
    if (partial.length === 1 && selfSigned) verdict.issues.push({ code: 'self_signed_leaf', certIndex: 0, message: `${name(last)} is self-signed and is not among the trusted certificates.` });
    const rejected = rejectedFor(partial, b, []);
    // The certificate named as the issuer is there but did not sign: that is the failure to name.
    // A self-signed end signed itself: another certificate of the same name is only a rejected alternative.
    const wrongKey = selfSigned ? undefined : rejected.find((r) => r.certIndex === end && r.code === 'bad_signature');
    if (wrongKey) verdict.issues.push({ code: 'bad_signature', certIndex: end, message: `the signature on ${name(last)} does not verify with the key of ${wrongKey.subject}${wrongKey.trusted ? ' (trusted)' : ''}, the certificate named as its issuer.` });
    verdict.issues.push({ code: 'no_trusted_root', certIndex: end, message: `the chain ends at ${name(last)}, whose issuer ${last.issuer.text || '(empty name)'} is not trusted.` });
    if (b.limited) verdict.issues.push({ code: 'work_limit', certIndex: -1, message: `path building stopped after ${b.sigChecks} signature checks and ${b.candidates} candidates.` });
    const hint = selfSigned
      ? `${name(last)} is self-signed: only a client that trusts this very certificate accepts it (--trusted FILE); for a public server, use a certificate from a CA.`
      : hintFor(last, anchors, rejected);
    return { profile, valid: false, chain: links(partial, verdict, opts.at), issues: verdict.issues, hint, rejected };
  }
  if (b.limited && best.verdict.issues.length) best.verdict.issues.push({ code: 'work_limit', certIndex: -1, message: `path building stopped after ${b.sigChecks} signature checks and ${b.candidates} candidates; other paths were not tried.` });
  const others = tried.filter((t) => t !== best).map((t) => ({ path: t.path, issues: t.verdict.issues }));
  return { profile, valid: best.verdict.issues.length === 0, chain: links(best.path, best.verdict, opts.at), issues: best.verdict.issues, rejected: rejectedFor(best.path, b, others) };
}

function unreadable(what: string, err: unknown, profile: Profile): ChainResult {
  const detail = err instanceof Error ? err.message : String(err);
  return { profile, valid: false, chain: [], issues: [{ code: 'malformed', certIndex: -1, message: `${what} cannot be read: ${detail}.` }], rejected: [] };
}

/** Verifies a leaf (DER) against trusted and untrusted certificates and optional CRLs. Never throws on bad input. */
export async function verifyChain(leafDer: Uint8Array, opts: VerifyOptions): Promise<ChainResult> {
  const profile = opts.profile ?? 'webpki';
  let leaf: CertificateItem;
  try {
    leaf = decodeCertificate(leafDer);
  } catch (err) {
    return unreadable('the leaf certificate', err, profile);
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
    return unreadable('the chain', err, profile);
  }
}

export interface BuildOptions {
  /** Default `webpki`, like `verify`. */
  profile?: Profile;
}

/**
 * For the app: one result per leaf among `certs` (a certificate that issued no other certificate
 * in the set), validated for no particular purpose under `profile`: exactly what
 * `verify LEAF --purpose any --profile P` answers for the same certificates.
 */
export async function buildChains(certs: CertificateItem[], anchors: CertificateItem[], at: Date, options: BuildOptions = {}): Promise<ChainResult[]> {
  const profile = options.profile ?? 'webpki';
  const heap: PathCert[] = [...anchors.map((cert) => ({ cert, trusted: true })), ...certs.map((cert) => ({ cert, trusted: false }))];
  const seen = new Set<string>();
  const leaves = certs.filter((c) => {
    if (seen.has(c.sha256)) return false;
    seen.add(c.sha256);
    return !certs.some((o) => o.sha256 !== c.sha256 && sameName(o.issuer, c.subject) && !sameName(o.issuer, o.subject));
  });
  const opts: VerifyOptions = { trusted: [], untrusted: [], crls: [], at, purpose: 'any', profile };
  const out: ChainResult[] = [];
  for (const leaf of leaves) {
    try {
      out.push(await verifyParsed(leaf, heap, [], opts));
    } catch (err) {
      out.push(unreadable(name(leaf), err, profile));
    }
  }
  return out;
}
