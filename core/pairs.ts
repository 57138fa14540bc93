/**
 * Key pairs: does this private key belong to that certificate / CSR / public key?
 * The public halves are compared (algorithm, then curve, then key bytes), and for signing keys
 * the answer is proved by signing a challenge with the private key and verifying it with the
 * other item's public key.
 */
import { ed448 } from '@noble/curves/ed448.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { bitLength, fromHex, stripLeadingZeros } from './bytes.js';
import { children, der, encoded, readRoot, value } from './der.js';
import { OID } from './oids.js';
import type { KeyPair, MatchResult } from './relations.js';
import type { Item, PrivateKeyItem, PublicKeyInfo } from './types.js';

const CHALLENGE = new TextEncoder().encode('pem-inspector key pair proof');

function publicOf(item: Item): PublicKeyInfo | undefined {
  if (item.kind === 'certificate' || item.kind === 'certificate-request' || item.kind === 'public-key') return item.publicKey;
  if (item.kind === 'private-key') return item.publicKey;
  return undefined;
}

function describe(item: Item): string {
  if (item.kind === 'private-key') return 'the private key';
  if (item.kind === 'certificate') return `the certificate ${item.label}`;
  if (item.kind === 'certificate-request') return `the certificate request ${item.label}`;
  return 'the public key';
}

function family(k: PublicKeyInfo): string {
  return k.algorithm === 'RSA-PSS' ? 'RSA' : k.algorithm;
}

const CURVES = { 'P-256': p256, 'P-384': p384, 'P-521': p521 } as const;

/** EC points may be compressed on one side: compare them uncompressed. */
function keyBytes(k: PublicKeyInfo): string {
  const hex = (k.publicHex ?? '').toLowerCase();
  if (k.algorithm === 'RSA' || k.algorithm === 'RSA-PSS') return `${hex}/${k.exponent ?? ''}`;
  const curve = k.curve ? CURVES[k.curve as keyof typeof CURVES] : undefined;
  if (k.algorithm === 'EC' && curve && (hex.startsWith('02') || hex.startsWith('03'))) {
    try {
      return curve.Point.fromHex(hex).toHex(false);
    } catch {
      return hex;
    }
  }
  return hex;
}

const buf = (b: Uint8Array): ArrayBuffer => b.slice().buffer as ArrayBuffer;

/** PKCS#8 of an id-RSASSA-PSS key re-labelled rsaEncryption, which every WebCrypto imports. */
export function rsaPkcs8(pkcs8: Uint8Array): Uint8Array {
  const [, , key] = children(readRoot(pkcs8));
  if (!key) return pkcs8;
  return der.seq(der.int(0), der.seq(der.oid(OID.rsaEncryption), der.null()), der.octets(value(key)));
}

/**
 * Largest RSA key used to sign a challenge: OpenSSL's limit for RSA public operations
 * (OPENSSL_RSA_MAX_MODULUS_BITS), where one signature already takes ~0.2 s.
 */
export const MAX_PROOF_RSA_BITS = 16_384;

type Proof = NonNullable<MatchResult['proof']>;
/** A proof, or (`damaged`) why the private key cannot belong to anything, whatever its public half says. */
type Attempt = Proof & { damaged?: string };

/**
 * Why an RSA private key must not be used to sign, or undefined when it may. Signing time follows
 * the sizes of d, p, q and the CRT exponents as written, not the modulus: a hostile 100 KB d
 * with a wrong CRT part made OpenSSL compute for 1.5 s (minutes at 1 MB).
 */
export function rsaSigningRefusal(pkcs8: Uint8Array): { tooLarge: string } | { damaged: string } | undefined {
  const [, , key] = children(readRoot(pkcs8));
  const [, n, ...rest] = key ? children(readRoot(value(key))) : [];
  if (!n) return { damaged: 'it has no modulus' };
  const bits = bitLength(value(n));
  if (bits > MAX_PROOF_RSA_BITS) return { tooLarge: `RSA keys over ${MAX_PROOF_RSA_BITS.toLocaleString('en-US')} bits (this one has ${bits.toLocaleString('en-US')}) are not used to sign a challenge` };
  // RFC 8017 §3.1–3.2: e, d, p, q, dP, dQ and qInv are all below n.
  const len = stripLeadingZeros(value(n)).length;
  if (rest.slice(0, 7).some((t) => stripLeadingZeros(value(t)).length > len)) return { damaged: 'a part of it is longer than its modulus' };
  return undefined;
}

async function prove(priv: PrivateKeyItem, pub: PublicKeyInfo): Promise<Attempt> {
  const subtle = globalThis.crypto.subtle;
  const alg = pub.algorithm;
  let algorithm = '';
  try {
    if (alg === 'RSA' || alg === 'RSA-PSS') {
      const pss = alg === 'RSA-PSS' || priv.publicKey?.algorithm === 'RSA-PSS';
      const params = pss ? { name: 'RSA-PSS', hash: 'SHA-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
      algorithm = pss ? 'RSA-PSS SHA-256' : 'RSA PKCS#1 v1.5 SHA-256';
      const refusal = rsaSigningRefusal(priv.der);
      if (refusal && 'damaged' in refusal) return { signed: false, verified: false, algorithm, detail: `Not signed with: ${refusal.damaged}.`, damaged: refusal.damaged };
      if (refusal) return { signed: false, verified: false, algorithm, detail: `Not proved by a signature: ${refusal.tooLarge}; the public halves are identical.` };
      const sk = await subtle.importKey('pkcs8', buf(rsaPkcs8(priv.der)), params, false, ['sign']);
      const sigParams = pss ? { name: 'RSA-PSS', saltLength: 32 } : { name: 'RSASSA-PKCS1-v1_5' };
      const sig = await subtle.sign(sigParams, sk, buf(CHALLENGE));
      const spki = pub.oid === OID.rsaEncryption ? pub.spki : der.seq(der.seq(der.oid(OID.rsaEncryption), der.null()), der.bits(fromHex(keyDer(pub))));
      const pk = await subtle.importKey('spki', buf(spki), params, false, ['verify']);
      return { signed: true, verified: await subtle.verify(sigParams, pk, sig, buf(CHALLENGE)), algorithm };
    }
    if (alg === 'EC' && pub.curve && pub.curve in CURVES) {
      algorithm = `ECDSA ${pub.curve} SHA-256`;
      const params = { name: 'ECDSA', namedCurve: pub.curve };
      // WebCrypto takes named curves only: explicit parameters equal to one are given by its name.
      const curveOid = CURVE_OIDS[pub.curve]!;
      const pkcs8 = priv.publicKey?.explicitParameters ? namedEcPkcs8(priv.der, curveOid) : priv.der;
      const spki = pub.explicitParameters ? der.seq(der.seq(der.oid(OID.ecPublicKey), der.oid(curveOid)), der.bits(fromHex(pub.publicHex ?? ''))) : pub.spki;
      const sk = await subtle.importKey('pkcs8', buf(pkcs8), params, false, ['sign']);
      const sig = await subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, sk, buf(CHALLENGE));
      const pk = await subtle.importKey('spki', buf(spki), params, false, ['verify']);
      return { signed: true, verified: await subtle.verify({ name: 'ECDSA', hash: 'SHA-256' }, pk, sig, buf(CHALLENGE)), algorithm };
    }
    if (alg === 'Ed25519') {
      algorithm = 'Ed25519';
      const sk = await subtle.importKey('pkcs8', buf(priv.der), { name: 'Ed25519' }, false, ['sign']);
      const sig = await subtle.sign({ name: 'Ed25519' }, sk, buf(CHALLENGE));
      const pk = await subtle.importKey('spki', buf(pub.spki), { name: 'Ed25519' }, false, ['verify']);
      return { signed: true, verified: await subtle.verify({ name: 'Ed25519' }, pk, sig, buf(CHALLENGE)), algorithm };
    }
    if (alg === 'Ed448') {
      algorithm = 'Ed448';
      // PrivateKeyInfo.privateKey is an OCTET STRING wrapping CurvePrivateKey ::= OCTET STRING (RFC 8410).
      const [, , outer] = children(readRoot(priv.der));
      const seed = value(readRoot(value(outer!)));
      const sig = ed448.sign(CHALLENGE, seed);
      return { signed: true, verified: ed448.verify(sig, CHALLENGE, fromHex(pub.publicHex ?? '')), algorithm };
    }
  } catch (err) {
    return { signed: false, verified: false, algorithm: algorithm || alg, detail: err instanceof Error ? err.message : String(err) };
  }
  return { signed: false, verified: false, algorithm: alg, detail: `${alg} keys cannot sign, so there is no round-trip proof; the public halves are identical.` };
}

const CURVE_OIDS: Record<string, string> = { 'P-256': OID.prime256v1, 'P-384': OID.secp384r1, 'P-521': OID.secp521r1 };

/** An EC PKCS#8 with explicit parameters as the same key on the named curve they equal (RFC 5915 without [0]). */
function namedEcPkcs8(pkcs8: Uint8Array, curveOid: string): Uint8Array {
  const [, , key] = children(readRoot(pkcs8));
  const [, d, ...rest] = children(readRoot(value(key!)));
  const pub = rest.find((t) => t.tag === 0xa1);
  const inner = der.seq(der.int(1), encoded(d!), ...(pub ? [encoded(pub)] : []));
  return der.seq(der.int(0), der.seq(der.oid(OID.ecPublicKey), der.oid(curveOid)), der.octets(inner));
}

function keyDer(pub: PublicKeyInfo): string {
  const [, bits] = children(readRoot(pub.spki));
  return bits ? Array.from(value(bits).subarray(1), (b) => b.toString(16).padStart(2, '0')).join('') : '';
}

/** The verdict from the public halves alone, or the two keys still to be proved a pair. */
function compare(a: Item, b: Item): MatchResult | { priv: PrivateKeyItem; other: Item; theirs: PublicKeyInfo } {
  const priv = (a.kind === 'private-key' ? a : b.kind === 'private-key' ? b : undefined) as PrivateKeyItem | undefined;
  if (!priv) return { verdict: 'not_comparable', message: 'Neither item is a private key, so there is no key pair to check.' };
  const other = priv === a ? b : a;
  if (priv.encrypted) return { verdict: 'not_comparable', message: 'The private key is still encrypted: unlock it with its password to compare it.' };
  if (!priv.publicKey) {
    const why = priv.warnings.find((w) => w.code === 'unsupported_algorithm' || w.code === 'limit_exceeded')?.message;
    return { verdict: 'not_comparable', message: `The public half of the private key could not be computed${why ? ` (${why})` : ''}, so the keys cannot be compared.` };
  }
  if (other.encrypted) return { verdict: 'not_comparable', message: `${describe(other)} is still encrypted: unlock it with its password to compare it.` };
  const mine = priv.publicKey;
  const theirs = publicOf(other);
  if (!theirs) return { verdict: 'not_comparable', message: `${describe(other)} has no public key to compare with.` };
  for (const k of [mine, theirs]) {
    if (k.algorithm === 'EC' && k.curve === 'explicit parameters') {
      return { verdict: 'not_comparable', message: `${k === mine ? 'The private key' : capitalize(describe(other))} is on a curve given by explicit parameters that match no named curve, so the keys cannot be compared here.` };
    }
  }
  if (family(mine) !== family(theirs)) return { verdict: 'different_algorithm', message: `Not a pair: the private key is ${mine.algorithm}, ${describe(other)} holds ${article(theirs.algorithm)} ${theirs.algorithm} key.` };
  if ((mine.curve ?? '') !== (theirs.curve ?? '')) return { verdict: 'different_curve', message: `Not a pair: both are ${mine.algorithm} keys, but on different curves (${mine.curve} and ${theirs.curve}).` };
  if (mine.algorithm === 'RSA' && mine.bits !== theirs.bits) return { verdict: 'different_key', message: `Not a pair: both are RSA, but ${mine.bits}-bit and ${theirs.bits}-bit keys.` };
  if (mine.spkiSha256 !== theirs.spkiSha256 && keyBytes(mine) !== keyBytes(theirs)) {
    return { verdict: 'different_key', message: `Not a pair: both are ${mine.algorithm}${mine.curve ? ` ${mine.curve}` : ''} keys, but different keys.` };
  }
  return { priv, other, theirs };
}

function conclude(other: Item, attempt: Attempt): MatchResult {
  const { damaged, ...proof } = attempt;
  if (damaged) return { verdict: 'different_key', message: `The public halves look identical, but the private key is damaged: ${damaged}.`, proof };
  if (proof.signed && !proof.verified) return { verdict: 'different_key', message: 'The public halves look identical, but a signature made with the private key does not verify with the other key.', proof };
  const how = proof.signed ? ` ${article(proof.algorithm) === "an" ? "An" : "A"} ${proof.algorithm} signature made with the private key verifies with ${describe(other)}.` : ` ${proof.detail ?? ''}`;
  return { verdict: 'match', message: `The private key belongs to ${describe(other)}.${how}`.trim(), proof: { ...proof } };
}

export async function matchPair(a: Item, b: Item): Promise<MatchResult> {
  const c = compare(a, b);
  if ('verdict' in c) return c;
  return conclude(c.other, await prove(c.priv, c.theirs));
}

const PUBLIC_KINDS = new Set(['certificate', 'certificate-request', 'public-key']);

/**
 * Signature proofs one `findPairs` call makes at most (RSA: ~1–5 ms each). Beyond it, equal
 * public halves are reported as a match without a proof, and the message says so.
 */
export const MAX_PROOFS = 64;

/**
 * Every private key against every item with a public key; only equal public halves are proved,
 * once per distinct (private key, public key): copies of a key or a certificate share the proof.
 */
export async function findPairs(items: Item[]): Promise<KeyPair[]> {
  const byKey = new Map<string, number[]>();
  items.forEach((it, i) => {
    const k = publicOf(it);
    if (!k || it.encrypted) return;
    const id = `${family(k)}:${k.curve ?? ''}:${keyBytes(k)}`;
    const group = byKey.get(id);
    if (group) group.push(i);
    else byKey.set(id, [i]);
  });
  const proofs = new Map<string, Attempt>();
  const out: KeyPair[] = [];
  for (const group of byKey.values()) {
    for (const i of group) {
      const priv = items[i]!;
      if (priv.kind !== 'private-key') continue;
      for (const j of group) {
        const other = items[j]!;
        if (j === i) continue;
        // A private key twice (PEM and DER of the same key) is one pair, reported once.
        if (other.kind === 'private-key' && (j < i || other.sha256 === priv.sha256)) continue;
        if (!PUBLIC_KINDS.has(other.kind) && other.kind !== 'private-key') continue;
        out.push({ privateIndex: i, publicIndex: j, result: await pairResult(priv, other, proofs) });
      }
    }
  }
  return out.sort((x, y) => x.privateIndex - y.privateIndex || x.publicIndex - y.publicIndex);
}

async function pairResult(priv: PrivateKeyItem, other: Item, proofs: Map<string, Attempt>): Promise<MatchResult> {
  const c = compare(priv, other);
  if ('verdict' in c) return c;
  const key = `${priv.sha256}/${c.theirs.spkiSha256}`;
  let proof = proofs.get(key);
  if (!proof) {
    if (proofs.size >= MAX_PROOFS) {
      return {
        verdict: 'match',
        message: `The private key belongs to ${describe(other)}: the public halves are identical. ` +
          `Not proved by a signature: only the first ${MAX_PROOFS} distinct key pairs in a set are.`,
      };
    }
    proof = await prove(c.priv, c.theirs);
    proofs.set(key, proof);
  }
  return conclude(c.other, proof);
}

/** Private keys in `items` with no partner, for "no matching certificate" notes. */
export function unpairedKeys(items: Item[], pairs: KeyPair[]): number[] {
  const paired = new Set(pairs.filter((p) => p.result.verdict === 'match').map((p) => p.privateIndex));
  return items.flatMap((it, i) => (it.kind === 'private-key' && !paired.has(i) ? [i] : []));
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** "an RSA", "an EC", "an Ed25519", "a DSA": by the sound of the first letter. */
function article(word: string): string {
  return /^(RSA|EC|Ed|X|[aeio])/i.test(word) ? 'an' : 'a';
}
