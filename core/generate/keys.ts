/**
 * Key pairs for the generators: made fresh or taken from a PKCS#8 key, and able to sign.
 *
 * RSA and ECDSA go through WebCrypto. EdDSA keys are made and used with @noble/curves:
 * WebCrypto has no Ed448 anywhere and Ed25519 only in recent browsers, and one code path for
 * both curves keeps the Worker build and Node behaving the same.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { fromBase64, stripLeadingZeros } from '../bytes.js';
import { children, der, DerError, readOid, readRoot, TAG, value } from '../der.js';
import { OID } from '../oids.js';
import { GenerateError } from './error.js';
import type { KeyOptions } from './types.js';

export type Curve = 'P-256' | 'P-384' | 'P-521';

export interface KeyPair {
  algorithm: 'RSA' | 'EC' | 'Ed25519' | 'Ed448';
  bits?: number;
  curve?: Curve;
  /** PKCS#8 PrivateKeyInfo DER (unencrypted). */
  pkcs8: Uint8Array;
  /** SubjectPublicKeyInfo DER. */
  spki: Uint8Array;
}

export const RSA_SIZES = [2048, 3072, 4096] as const;
export const CURVES: readonly Curve[] = ['P-256', 'P-384', 'P-521'];

const CURVE_OID: Record<Curve, string> = { 'P-256': OID.prime256v1, 'P-384': OID.secp384r1, 'P-521': OID.secp521r1 };
const CURVE_HASH: Record<Curve, string> = { 'P-256': 'SHA-256', 'P-384': 'SHA-384', 'P-521': 'SHA-512' };
const ECDSA_SIG_OID: Record<Curve, string> = {
  'P-256': '1.2.840.10045.4.3.2',
  'P-384': '1.2.840.10045.4.3.3',
  'P-521': '1.2.840.10045.4.3.4',
};
const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

/** A copy on a plain ArrayBuffer, which is what WebCrypto's and pkijs's types ask for. */
export function plain(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes);
}

/** Checks the key options people can get wrong; throws `invalid_option` with a sentence. */
export function checkKeyOptions(opts: KeyOptions): void {
  if (!['rsa', 'ec', 'ed25519', 'ed448'].includes(opts.algorithm)) {
    throw new GenerateError('invalid_option', `Unknown key algorithm "${opts.algorithm}": use rsa, ec, ed25519 or ed448.`);
  }
  if (opts.bits !== undefined && opts.algorithm !== 'rsa') {
    throw new GenerateError('invalid_option', 'A key size (bits) applies to RSA keys only.');
  }
  if (opts.bits !== undefined && !(RSA_SIZES as readonly number[]).includes(opts.bits)) {
    throw new GenerateError('invalid_option', `RSA key size ${opts.bits} is not offered: use 2048, 3072 or 4096.`);
  }
  if (opts.curve !== undefined && opts.algorithm !== 'ec') {
    throw new GenerateError('invalid_option', 'A curve applies to EC keys only.');
  }
  if (opts.curve !== undefined && !CURVES.includes(opts.curve)) {
    throw new GenerateError('invalid_option', `Curve "${String(opts.curve)}" is not offered: use P-256, P-384 or P-521.`);
  }
  if (opts.keyFormat === 'traditional') {
    if (opts.algorithm === 'ed25519' || opts.algorithm === 'ed448') {
      throw new GenerateError('invalid_option', 'Ed25519 and Ed448 keys have no traditional encoding; they are always PKCS#8.');
    }
    if (opts.password !== undefined) {
      throw new GenerateError('invalid_option', 'An encrypted key is always PKCS#8: drop either the password or the traditional format.');
    }
  }
}

export async function newKeyPair(opts: KeyOptions): Promise<KeyPair> {
  checkKeyOptions(opts);
  switch (opts.algorithm) {
    case 'rsa': {
      const bits = opts.bits ?? 2048;
      const keys = (await subtle().generateKey(
        { name: 'RSASSA-PKCS1-v1_5', modulusLength: bits, publicExponent: Uint8Array.of(1, 0, 1), hash: 'SHA-256' },
        true,
        ['sign', 'verify'],
      )) as CryptoKeyPair;
      return { algorithm: 'RSA', bits, ...(await exportPair(keys)) };
    }
    case 'ec': {
      const curve = opts.curve ?? 'P-256';
      const keys = (await subtle().generateKey({ name: 'ECDSA', namedCurve: curve }, true, ['sign', 'verify'])) as CryptoKeyPair;
      return { algorithm: 'EC', curve, bits: curveBits(curve), ...(await exportPair(keys)) };
    }
    case 'ed25519':
      return edKeyPair('Ed25519', ed25519.utils.randomSecretKey());
    case 'ed448':
      return edKeyPair('Ed448', ed448.utils.randomSecretKey());
  }
}

/**
 * A key pair from an existing PKCS#8 private key (e.g. one the user dropped, for a CSR).
 * Throws `unsupported_algorithm` for keys we cannot sign with.
 */
export async function keyPairFromPkcs8(pkcs8: Uint8Array): Promise<KeyPair> {
  let algOid: string;
  let params: string | undefined;
  let privateOctets: Uint8Array;
  try {
    const top = children(readRoot(pkcs8));
    const algId = children(top[1]!);
    algOid = readOid(algId[0]!);
    params = algId[1]?.tag === TAG.OID ? readOid(algId[1]) : undefined;
    privateOctets = value(top[2]!);
  } catch (e) {
    const why = e instanceof DerError ? e.message : String(e);
    throw new GenerateError('unsupported_algorithm', `The private key is not a readable PKCS#8 structure (${why}).`);
  }
  try {
    if (algOid === OID.rsaEncryption) {
      const key = await subtle().importKey('pkcs8', plain(pkcs8), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['sign']);
      const jwk = await subtle().exportKey('jwk', key);
      const spki = await publicSpkiFromJwk(jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' });
      const n = fromBase64Url(jwk.n ?? '');
      return { algorithm: 'RSA', bits: stripLeadingZeros(n).length * 8, pkcs8, spki };
    }
    if (algOid === OID.ecPublicKey) {
      const curve = (Object.keys(CURVE_OID) as Curve[]).find((c) => CURVE_OID[c] === params);
      if (!curve) throw new GenerateError('unsupported_algorithm', 'Only EC keys on P-256, P-384 and P-521 can sign here.');
      const key = await subtle().importKey('pkcs8', plain(pkcs8), { name: 'ECDSA', namedCurve: curve }, true, ['sign']);
      const jwk = await subtle().exportKey('jwk', key);
      const spki = await publicSpkiFromJwk(jwk, { name: 'ECDSA', namedCurve: curve });
      return { algorithm: 'EC', curve, bits: curveBits(curve), pkcs8, spki };
    }
    if (algOid === OID.ed25519 || algOid === OID.ed448) {
      const seed = value(readRoot(privateOctets));
      return edKeyPair(algOid === OID.ed25519 ? 'Ed25519' : 'Ed448', seed);
    }
  } catch (e) {
    if (e instanceof GenerateError) throw e;
    throw new GenerateError('unsupported_algorithm', `The private key could not be used: ${e instanceof Error ? e.message : String(e)}.`);
  }
  throw new GenerateError('unsupported_algorithm', `Keys of algorithm ${algOid} cannot sign certificates or CSRs here (use RSA, EC, Ed25519 or Ed448).`);
}

/** A signature algorithm identifier: the OID, and whether its parameters are an explicit NULL (RSA). */
export interface SignatureAlgorithm {
  oid: string;
  nullParams: boolean;
}

export function signatureAlgorithm(key: KeyPair): SignatureAlgorithm {
  switch (key.algorithm) {
    case 'RSA':
      return { oid: SHA256_WITH_RSA, nullParams: true };
    case 'EC':
      return { oid: ECDSA_SIG_OID[key.curve!], nullParams: false };
    case 'Ed25519':
      return { oid: OID.ed25519, nullParams: false };
    case 'Ed448':
      return { oid: OID.ed448, nullParams: false };
  }
}

export function signatureAlgorithmDer(key: KeyPair): Uint8Array {
  const alg = signatureAlgorithm(key);
  return alg.nullParams ? der.seq(der.oid(alg.oid), der.null()) : der.seq(der.oid(alg.oid));
}

/** Signs `data` as X.509 expects the signature BIT STRING contents (ECDSA as a DER SEQUENCE of r, s). */
export async function sign(key: KeyPair, data: Uint8Array): Promise<Uint8Array> {
  switch (key.algorithm) {
    case 'RSA': {
      const k = await subtle().importKey('pkcs8', plain(key.pkcs8), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, false, ['sign']);
      return new Uint8Array(await subtle().sign('RSASSA-PKCS1-v1_5', k, plain(data)));
    }
    case 'EC': {
      const curve = key.curve!;
      const k = await subtle().importKey('pkcs8', plain(key.pkcs8), { name: 'ECDSA', namedCurve: curve }, false, ['sign']);
      const raw = new Uint8Array(await subtle().sign({ name: 'ECDSA', hash: CURVE_HASH[curve] }, k, plain(data)));
      const half = raw.length / 2;
      return der.seq(der.uint(raw.subarray(0, half)), der.uint(raw.subarray(half)));
    }
    case 'Ed25519':
      return ed25519.sign(data, edSeed(key));
    case 'Ed448':
      return ed448.sign(data, edSeed(key));
  }
}

/** The raw public key inside the SPKI BIT STRING (RSAPublicKey DER, EC point, or EdDSA key). */
export function spkiPublicBytes(spki: Uint8Array): Uint8Array {
  const bits = children(readRoot(spki))[1]!;
  return value(bits).subarray(1);
}

export function curveOid(curve: Curve): string {
  return CURVE_OID[curve];
}

function curveBits(curve: Curve): number {
  return curve === 'P-256' ? 256 : curve === 'P-384' ? 384 : 521;
}

async function exportPair(keys: CryptoKeyPair): Promise<{ pkcs8: Uint8Array; spki: Uint8Array }> {
  const pkcs8 = new Uint8Array(await subtle().exportKey('pkcs8', keys.privateKey));
  const spki = new Uint8Array(await subtle().exportKey('spki', keys.publicKey));
  return { pkcs8, spki };
}

function edKeyPair(algorithm: 'Ed25519' | 'Ed448', seed: Uint8Array): KeyPair {
  const isEd25519 = algorithm === 'Ed25519';
  const want = isEd25519 ? 32 : 57;
  if (seed.length !== want) throw new GenerateError('unsupported_algorithm', `An ${algorithm} private key must be ${want} bytes, not ${seed.length}.`);
  const pub = isEd25519 ? ed25519.getPublicKey(seed) : ed448.getPublicKey(seed);
  const algId = der.seq(der.oid(isEd25519 ? OID.ed25519 : OID.ed448));
  return {
    algorithm,
    bits: isEd25519 ? 256 : 456,
    // RFC 8410: the private key is an OCTET STRING wrapped in the PKCS#8 OCTET STRING.
    pkcs8: der.seq(der.int(0), algId, der.octets(der.octets(seed))),
    spki: der.seq(algId, der.bits(pub)),
  };
}

function edSeed(key: KeyPair): Uint8Array {
  return value(readRoot(value(children(readRoot(key.pkcs8))[2]!)));
}

/** WebCrypto cannot export the public half of a private key except as JWK: re-import it to get the SPKI. */
async function publicSpkiFromJwk(jwk: JsonWebKey, alg: RsaHashedImportParams | EcKeyImportParams): Promise<Uint8Array> {
  const pub: JsonWebKey = { kty: jwk.kty, ...(jwk.kty === 'RSA' ? { n: jwk.n, e: jwk.e } : { crv: jwk.crv, x: jwk.x, y: jwk.y }) };
  const key = await subtle().importKey('jwk', pub, alg, true, ['verify']);
  return new Uint8Array(await subtle().exportKey('spki', key));
}

function fromBase64Url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/');
  return fromBase64(b64 + '='.repeat((4 - (b64.length % 4)) % 4)) ?? new Uint8Array();
}
