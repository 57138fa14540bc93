/**
 * Verifies a signature over signed bytes (tbsCertificate, tbsCertList, CSR info) with an
 * issuer's PublicKeyInfo. WebCrypto does the work; Ed448 goes through @noble/curves because
 * WebCrypto lacks it. MD2/MD5 are never verified (WebCrypto lacks them and they are broken):
 * they come back as `weak`, which the validator reports as weak_signature_algorithm.
 */
import { ed448 } from '@noble/curves/ed448.js';
import { ml_dsa44, ml_dsa65, ml_dsa87 } from '@noble/post-quantum/ml-dsa.js';
import { fromHex } from '../bytes.js';
import { children, der, readRoot, TAG, value } from '../der.js';
import { OID } from '../oids.js';
import type { AlgorithmInfo, PublicKeyInfo } from '../types.js';

export type SigVerdict = 'valid' | 'invalid' | 'weak' | 'unsupported';
export interface SigResult {
  verdict: SigVerdict;
  detail?: string;
}

const RSA_PKCS1: Record<string, string> = {
  '1.2.840.113549.1.1.5': 'SHA-1',
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
};
const ECDSA: Record<string, string> = {
  '1.2.840.10045.4.1': 'SHA-1',
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
  '1.2.840.10045.4.3.4': 'SHA-512',
};
const WEAK = new Set(['1.2.840.113549.1.1.2', '1.2.840.113549.1.1.3', '1.2.840.113549.1.1.4']);
const DSA_SIG = new Set(['1.2.840.10040.4.3', '2.16.840.1.101.3.4.3.1', '2.16.840.1.101.3.4.3.2']);
const CURVE_SIZE: Record<string, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };
/** RFC 9881: the signature algorithm and the key share one OID; pure ML-DSA, empty context. */
export const ML_DSA = new Map([
  ['2.16.840.1.101.3.4.3.17', ml_dsa44],
  ['2.16.840.1.101.3.4.3.18', ml_dsa65],
  ['2.16.840.1.101.3.4.3.19', ml_dsa87],
]);

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

/** RSA-PSS SPKIs (id-RSASSA-PSS) re-wrapped as rsaEncryption, which every WebCrypto imports. */
function rsaSpki(key: PublicKeyInfo): Uint8Array {
  if (key.oid === OID.rsaEncryption) return key.spki;
  const [, bits] = children(readRoot(key.spki));
  return der.seq(der.seq(der.oid(OID.rsaEncryption), der.null()), Uint8Array.from(bits ? key.spki.subarray(bits.start, bits.end) : []));
}

/** ECDSA-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER } → fixed-width r||s for WebCrypto. */
function ecdsaRaw(sig: Uint8Array, size: number): Uint8Array | undefined {
  try {
    const seq = readRoot(sig);
    const [r, s, extra] = children(seq);
    if (seq.tag !== TAG.SEQUENCE || !r || !s || extra || r.tag !== TAG.INTEGER || s.tag !== TAG.INTEGER) return undefined;
    const out = new Uint8Array(size * 2);
    for (const [i, t] of [r, s].entries()) {
      let v = value(t);
      while (v.length > 1 && v[0] === 0) v = v.subarray(1);
      if (v.length > size) return undefined;
      out.set(v, size * (i + 1) - v.length);
    }
    return out;
  } catch {
    return undefined;
  }
}

/** PSS parameters from the AlgorithmInfo name, `RSASSA-PSS (SHA-256, MGF1 SHA-256, salt 32)`. */
function pssParams(alg: AlgorithmInfo): { hash: string; salt: number } | undefined {
  const m = alg.name.match(/\((SHA-[0-9]+), MGF1 (SHA-[0-9]+), salt ([0-9]+)\)/);
  if (!m || m[1] !== m[2]) return undefined;
  return { hash: m[1]!, salt: Number(m[3]) };
}

const buf = (b: Uint8Array): ArrayBuffer => b.slice().buffer as ArrayBuffer;

export async function verifySignature(signed: Uint8Array, alg: AlgorithmInfo, sigHex: string, key: PublicKeyInfo): Promise<SigResult> {
  const sig = fromHex(sigHex);
  try {
    if (WEAK.has(alg.oid)) return { verdict: 'weak', detail: `${alg.name} is broken and is never accepted` };
    if (DSA_SIG.has(alg.oid)) return { verdict: 'unsupported', detail: 'DSA signatures are not supported' };
    const pkcs1 = RSA_PKCS1[alg.oid];
    if (pkcs1 || alg.oid === OID.rsassaPss) {
      if (key.algorithm !== 'RSA' && key.algorithm !== 'RSA-PSS') return { verdict: 'invalid', detail: `an RSA signature cannot be made by a ${key.algorithm} key` };
      if (pkcs1 && key.algorithm === 'RSA-PSS') return { verdict: 'invalid', detail: 'an RSA-PSS key may only make RSA-PSS signatures' };
      const pss = pkcs1 ? undefined : pssParams(alg);
      if (!pkcs1 && !pss) return { verdict: 'unsupported', detail: `unsupported RSA-PSS parameters: ${alg.name}` };
      const name = pss ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5';
      const hash = pss ? pss.hash : pkcs1!;
      const k = await subtle().importKey('spki', buf(rsaSpki(key)), { name, hash }, false, ['verify']);
      const ok = await subtle().verify(pss ? { name, saltLength: pss.salt } : { name }, k, buf(sig), buf(signed));
      return { verdict: ok ? 'valid' : 'invalid' };
    }
    const ecHash = ECDSA[alg.oid];
    if (ecHash) {
      const size = key.curve ? CURVE_SIZE[key.curve] : undefined;
      if (key.algorithm !== 'EC') return { verdict: 'invalid', detail: `an ECDSA signature cannot be made by a ${key.algorithm} key` };
      if (!size) return { verdict: 'unsupported', detail: `the curve ${key.curve ?? '(unnamed)'} is not supported` };
      const raw = ecdsaRaw(sig, size);
      if (!raw) return { verdict: 'invalid', detail: 'the ECDSA signature is not a valid DER SEQUENCE of two integers' };
      const k = await subtle().importKey('spki', buf(key.spki), { name: 'ECDSA', namedCurve: key.curve! }, false, ['verify']);
      const ok = await subtle().verify({ name: 'ECDSA', hash: ecHash }, k, buf(raw), buf(signed));
      return { verdict: ok ? 'valid' : 'invalid' };
    }
    if (alg.oid === OID.ed25519) {
      if (key.algorithm !== 'Ed25519') return { verdict: 'invalid', detail: `an Ed25519 signature cannot be made by a ${key.algorithm} key` };
      const k = await subtle().importKey('spki', buf(key.spki), { name: 'Ed25519' }, false, ['verify']);
      return { verdict: (await subtle().verify({ name: 'Ed25519' }, k, buf(sig), buf(signed))) ? 'valid' : 'invalid' };
    }
    if (alg.oid === OID.ed448) {
      if (key.algorithm !== 'Ed448' || !key.publicHex) return { verdict: 'invalid', detail: `an Ed448 signature cannot be made by a ${key.algorithm} key` };
      return { verdict: ed448.verify(sig, signed, fromHex(key.publicHex)) ? 'valid' : 'invalid' };
    }
    const mldsa = ML_DSA.get(alg.oid);
    if (mldsa) {
      if (key.oid !== alg.oid || !key.publicHex) return { verdict: 'invalid', detail: `an ${alg.name} signature cannot be made by a ${key.algorithm === 'unknown' ? key.oid : key.algorithm} key` };
      return { verdict: mldsa.verify(sig, signed, fromHex(key.publicHex)) ? 'valid' : 'invalid' };
    }
    return { verdict: 'unsupported', detail: `the signature algorithm ${alg.name} is not supported` };
  } catch (err) {
    // WebCrypto rejects malformed keys/signatures by throwing: that is a failed check, not a crash.
    return { verdict: 'invalid', detail: err instanceof Error ? err.message : String(err) };
  }
}

export function isSha1(alg: AlgorithmInfo): boolean {
  return alg.hash === 'SHA-1' || alg.oid === '1.2.840.113549.1.1.5' || alg.oid === '1.2.840.10045.4.1' || /SHA-1\b/.test(alg.name);
}
