/**
 * CertificateVerify signatures (RFC 8446 §4.4.3): the scheme a key signs with, signing with a
 * key file's private key and verifying with a certificate's public key. WebCrypto does RSA-PSS,
 * ECDSA and Ed25519; @noble/curves does Ed448, which WebCrypto lacks in browsers.
 * ECDSA signatures travel DER-encoded in TLS; WebCrypto speaks r‖s, so both forms are converted.
 */
import { ed448 } from '@noble/curves/ed448.js';
import { concatBytes, fromHex, stripLeadingZeros } from '../bytes.js';
import { children, der, readRoot, value } from '../der.js';
import { OID } from '../oids.js';
import { rsaPkcs8, rsaSigningRefusal } from '../pairs.js';
import type { PrivateKeyItem, PublicKeyInfo } from '../types.js';
import { SIGNATURE_SCHEMES, type SignatureScheme } from './messages.js';

const subtle = () => globalThis.crypto.subtle;
const buf = (b: Uint8Array): ArrayBuffer => b.slice().buffer as ArrayBuffer;

/** Largest RSA key whose signature is checked: OpenSSL's limit for RSA public operations. */
const MAX_RSA_BITS = 16_384;

interface SchemeSpec {
  family: 'rsa' | 'rsa-pss' | 'ecdsa' | 'ed25519' | 'ed448';
  hash?: 'SHA-256' | 'SHA-384' | 'SHA-512';
  curve?: string;
}

const SPECS: Record<SignatureScheme, SchemeSpec> = {
  ecdsa_secp256r1_sha256: { family: 'ecdsa', hash: 'SHA-256', curve: 'P-256' },
  ecdsa_secp384r1_sha384: { family: 'ecdsa', hash: 'SHA-384', curve: 'P-384' },
  ecdsa_secp521r1_sha512: { family: 'ecdsa', hash: 'SHA-512', curve: 'P-521' },
  ed25519: { family: 'ed25519' },
  ed448: { family: 'ed448' },
  rsa_pss_pss_sha256: { family: 'rsa-pss', hash: 'SHA-256' },
  rsa_pss_rsae_sha256: { family: 'rsa', hash: 'SHA-256' },
  rsa_pss_rsae_sha384: { family: 'rsa', hash: 'SHA-384' },
  rsa_pss_rsae_sha512: { family: 'rsa', hash: 'SHA-512' },
};

const HASH_BYTES = { 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 } as const;

/** The TLS 1.3 scheme a key of this type signs with, or why it cannot sign in TLS 1.3. */
export function schemeFor(k: PublicKeyInfo): { scheme: SignatureScheme; code: number } | { unsupported: string } {
  const pick = (scheme: SignatureScheme) => ({ scheme, code: SIGNATURE_SCHEMES[scheme] });
  if (k.algorithm === 'RSA') return pick('rsa_pss_rsae_sha256');
  if (k.algorithm === 'RSA-PSS') return pick('rsa_pss_pss_sha256');
  if (k.algorithm === 'Ed25519') return pick('ed25519');
  if (k.algorithm === 'Ed448') return pick('ed448');
  if (k.algorithm === 'EC') {
    if (k.curve === 'P-256') return pick('ecdsa_secp256r1_sha256');
    if (k.curve === 'P-384') return pick('ecdsa_secp384r1_sha384');
    if (k.curve === 'P-521') return pick('ecdsa_secp521r1_sha512');
    return { unsupported: `TLS 1.3 signs only with EC keys on P-256, P-384 and P-521; this key is on ${k.curve ?? 'an unnamed curve'}` };
  }
  if (k.algorithm === 'X25519' || k.algorithm === 'X448') return { unsupported: `an ${k.algorithm} key agrees keys but cannot sign, and a TLS server key must sign` };
  if (k.algorithm === 'DSA') return { unsupported: 'TLS 1.3 has no signature scheme for DSA keys' };
  return { unsupported: `TLS 1.3 has no signature scheme for ${k.algorithm} keys` };
}

/** The key family a scheme needs, in words: for "the certificate holds X, the scheme needs Y". */
function fits(k: PublicKeyInfo, spec: SchemeSpec): boolean {
  if (spec.family === 'rsa') return k.algorithm === 'RSA';
  if (spec.family === 'rsa-pss') return k.algorithm === 'RSA-PSS';
  if (spec.family === 'ecdsa') return k.algorithm === 'EC' && k.curve === spec.curve;
  return k.algorithm === (spec.family === 'ed25519' ? 'Ed25519' : 'Ed448');
}

export function describeKey(k: PublicKeyInfo): string {
  if (k.algorithm === 'RSA' || k.algorithm === 'RSA-PSS') return `${k.algorithm} ${k.bits ?? '?'}-bit`;
  if (k.algorithm === 'EC') return `EC ${k.curve ?? '(unnamed curve)'}`;
  return k.algorithm;
}

/** r‖s (WebCrypto) → ECDSA-Sig-Value DER (TLS). */
function p1363ToDer(sig: Uint8Array): Uint8Array {
  const n = sig.length / 2;
  return der.seq(der.uint(sig.subarray(0, n)), der.uint(sig.subarray(n)));
}

/** ECDSA-Sig-Value DER → r‖s of `n` bytes each; undefined when it is not one. */
function derToP1363(sig: Uint8Array, n: number): Uint8Array | undefined {
  try {
    const [r, s, ...extra] = children(readRoot(sig));
    if (!r || !s || extra.length) return undefined;
    const part = (t: Uint8Array) => {
      const v = stripLeadingZeros(t);
      if (v.length > n) throw new Error('too long');
      const out = new Uint8Array(n);
      out.set(v, n - v.length);
      return out;
    };
    return concatBytes(part(value(r)), part(value(s)));
  } catch {
    return undefined;
  }
}

const CURVE_BYTES: Record<string, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };

/** An SPKI WebCrypto imports for RSA-PSS: an id-RSASSA-PSS key relabelled rsaEncryption. */
function rsaSpki(k: PublicKeyInfo): Uint8Array {
  if (k.oid === OID.rsaEncryption) return k.spki;
  const [, bits] = children(readRoot(k.spki));
  return der.seq(der.seq(der.oid(OID.rsaEncryption), der.null()), der.bits(value(bits!).subarray(1)));
}

/** The Ed448 seed inside a PKCS#8 PrivateKeyInfo (CurvePrivateKey ::= OCTET STRING, RFC 8410). */
function ed448Seed(pkcs8: Uint8Array): Uint8Array {
  const [, , outer] = children(readRoot(pkcs8));
  return value(readRoot(value(outer!)));
}

/** Signs `content` with the key file's private key. Throws an Error with a sentence when it cannot. */
export async function signWith(key: PrivateKeyItem, scheme: SignatureScheme, content: Uint8Array): Promise<Uint8Array> {
  const spec = SPECS[scheme];
  if (spec.family === 'rsa' || spec.family === 'rsa-pss') {
    const refusal = rsaSigningRefusal(key.der);
    if (refusal) throw new Error('damaged' in refusal ? `the RSA key is damaged: ${refusal.damaged}` : refusal.tooLarge);
    const sk = await subtle().importKey('pkcs8', buf(rsaPkcs8(key.der)), { name: 'RSA-PSS', hash: spec.hash! }, false, ['sign']);
    return new Uint8Array(await subtle().sign({ name: 'RSA-PSS', saltLength: HASH_BYTES[spec.hash!] }, sk, buf(content)));
  }
  if (spec.family === 'ecdsa') {
    const sk = await subtle().importKey('pkcs8', buf(key.der), { name: 'ECDSA', namedCurve: spec.curve! }, false, ['sign']);
    return p1363ToDer(new Uint8Array(await subtle().sign({ name: 'ECDSA', hash: spec.hash! }, sk, buf(content))));
  }
  if (spec.family === 'ed25519') {
    const sk = await subtle().importKey('pkcs8', buf(key.der), { name: 'Ed25519' }, false, ['sign']);
    return new Uint8Array(await subtle().sign({ name: 'Ed25519' }, sk, buf(content)));
  }
  return ed448.sign(content, ed448Seed(key.der));
}

export interface VerifyOutcome {
  ok: boolean;
  /** Why not, in words, when `ok` is false. */
  reason?: string;
}

/** Verifies a CertificateVerify signature with a certificate's public key. Never throws. */
export async function verifyWith(k: PublicKeyInfo, scheme: SignatureScheme, content: Uint8Array, signature: Uint8Array): Promise<VerifyOutcome> {
  const spec = SPECS[scheme];
  if (!fits(k, spec)) return { ok: false, reason: `the certificate holds ${article(describeKey(k))} ${describeKey(k)} key, which cannot verify a ${scheme} signature` };
  try {
    let ok: boolean;
    if (spec.family === 'rsa' || spec.family === 'rsa-pss') {
      if ((k.bits ?? 0) > MAX_RSA_BITS) return { ok: false, reason: `RSA keys over ${MAX_RSA_BITS} bits are not used` };
      const pk = await subtle().importKey('spki', buf(rsaSpki(k)), { name: 'RSA-PSS', hash: spec.hash! }, false, ['verify']);
      ok = await subtle().verify({ name: 'RSA-PSS', saltLength: HASH_BYTES[spec.hash!] }, pk, buf(signature), buf(content));
    } else if (spec.family === 'ecdsa') {
      const raw = derToP1363(signature, CURVE_BYTES[spec.curve!]!);
      if (!raw) return { ok: false, reason: 'the signature is not a DER-encoded ECDSA signature' };
      const pk = await subtle().importKey('spki', buf(k.spki), { name: 'ECDSA', namedCurve: spec.curve! }, false, ['verify']);
      ok = await subtle().verify({ name: 'ECDSA', hash: spec.hash! }, pk, buf(raw), buf(content));
    } else if (spec.family === 'ed25519') {
      const pk = await subtle().importKey('spki', buf(k.spki), { name: 'Ed25519' }, false, ['verify']);
      ok = await subtle().verify({ name: 'Ed25519' }, pk, buf(signature), buf(content));
    } else {
      ok = ed448.verify(signature, content, fromHex(k.publicHex ?? ''));
    }
    return ok ? { ok } : { ok, reason: 'the signature does not verify with the certificate’s public key' };
  } catch (err) {
    return { ok: false, reason: `the certificate’s public key cannot be used (${err instanceof Error ? err.message : String(err)})` };
  }
}

export function article(word: string): string {
  return /^(RSA|EC|Ed|X|[aeio])/i.test(word) ? 'an' : 'a';
}
