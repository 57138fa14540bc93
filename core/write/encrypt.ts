/**
 * Password-based encryption for the writers: PBES2 (PKCS#5 v2.1, RFC 8018) with PBKDF2-HMAC-
 * SHA-256 and AES-256-CBC, the PKCS#12 PBE with 3DES (RFC 7292 appendix C) for old consumers,
 * and raw AES-CTR for OpenSSH keys. AES and PBKDF2 run in WebCrypto; 3DES in node-forge's DES
 * module, which the readers already load (WebCrypto has no DES).
 */
import forge from 'node-forge/lib/forge.js';
import 'node-forge/lib/des.js';
import { utf8Encode } from '../bytes.js';
import { WorkBudget } from '../budget.js';
import { fromBinary, toBinary } from '../crypto/cipher.js';
import { bmpPassword, PKCS12_IV, PKCS12_KEY, pkcs12Kdf } from '../crypto/kdf.js';
import { der } from './der-encode.js';

export const OIDS = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
  /** pbeWithSHAAnd3-KeyTripleDES-CBC (RFC 7292 appendix C). */
  pbeSha1TripleDes: '1.2.840.113549.1.12.1.3',
} as const;

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;

/** A copy on a plain ArrayBuffer, which is what WebCrypto's types ask for. */
const plain = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

/** An AlgorithmIdentifier and the ciphertext it describes. */
export interface Encrypted {
  algorithm: Uint8Array;
  ciphertext: Uint8Array;
}

/** PBES2: PBKDF2-HMAC-SHA-256 (16-byte salt) → AES-256-CBC (PKCS#7 padding), as OpenSSL 3 writes it. */
export async function pbes2Encrypt(data: Uint8Array, password: string, iterations: number): Promise<Encrypted> {
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const base = await subtle().importKey('raw', plain(utf8Encode(password)), 'PBKDF2', false, ['deriveKey']);
  const aes = await subtle().deriveKey({ name: 'PBKDF2', salt, iterations, hash: 'SHA-256' }, base, { name: 'AES-CBC', length: 256 }, false, ['encrypt']);
  const ciphertext = new Uint8Array(await subtle().encrypt({ name: 'AES-CBC', iv }, aes, plain(data)));
  const kdf = der.seq(der.oid(OIDS.pbkdf2), der.seq(der.octets(salt), der.int(iterations), der.seq(der.oid(OIDS.hmacWithSha256), der.null())));
  const cipher = der.seq(der.oid(OIDS.aes256Cbc), der.octets(iv));
  return { algorithm: der.seq(der.oid(OIDS.pbes2), der.seq(kdf, cipher)), ciphertext };
}

/** 3DES-CBC with PKCS#7 padding. */
function tripleDesCbc(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const c = forge.cipher.createCipher('3DES-CBC', forge.util.createBuffer(toBinary(key)));
  c.start({ iv: forge.util.createBuffer(toBinary(iv)) });
  c.update(forge.util.createBuffer(toBinary(data)));
  c.finish();
  return fromBinary(c.output.getBytes());
}

/** The PKCS#12 KDF for writing: its own limits apply, the per-file reading budget does not. */
export function pkcs12Key(hash: 'SHA-1' | 'SHA-256', password: string, salt: Uint8Array, id: number, iterations: number, n: number): Promise<Uint8Array> {
  return pkcs12Kdf(hash, bmpPassword(password), salt, id, iterations, n, new WorkBudget(Number.POSITIVE_INFINITY));
}

/** pbeWithSHAAnd3-KeyTripleDES-CBC: key and IV from the PKCS#12 KDF with SHA-1 over the BMP password. */
export async function pkcs12TripleDesEncrypt(data: Uint8Array, password: string, iterations: number): Promise<Encrypted> {
  const salt = randomBytes(8);
  const key = await pkcs12Key('SHA-1', password, salt, PKCS12_KEY, iterations, 24);
  const iv = await pkcs12Key('SHA-1', password, salt, PKCS12_IV, iterations, 8);
  return {
    algorithm: der.seq(der.oid(OIDS.pbeSha1TripleDes), der.seq(der.octets(salt), der.int(iterations))),
    ciphertext: tripleDesCbc(key, iv, data),
  };
}

/** AES-CTR with a 128-bit big-endian counter starting at `iv` (OpenSSH's aes256-ctr). */
export async function aesCtr(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const k = await subtle().importKey('raw', plain(key), 'AES-CTR', false, ['encrypt']);
  return new Uint8Array(await subtle().encrypt({ name: 'AES-CTR', counter: plain(iv), length: 128 }, k, plain(data)));
}

/** EncryptedPrivateKeyInfo ::= SEQUENCE { encryptionAlgorithm AlgorithmIdentifier, encryptedData OCTET STRING } */
export function encryptedPrivateKeyInfo(e: Encrypted): Uint8Array {
  return der.seq(e.algorithm, der.octets(e.ciphertext));
}
