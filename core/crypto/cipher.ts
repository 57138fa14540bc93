/**
 * Block cipher decryption. AES via WebCrypto; DES, 3DES and RC2 via node-forge's cipher API.
 * Everything decrypts raw (no unpadding) so that one strict PKCS#7 check decides "wrong key"
 * the same way for every cipher.
 */
// Only forge's DES and RC2 modules (and what they need): the whole library would add ~800 kB
// to the browser bundle. Each module registers itself on the shared forge object.
import forge from 'node-forge/lib/forge.js';
import 'node-forge/lib/des.js';
import 'node-forge/lib/rc2.js';
import { concatBytes } from '../bytes.js';
import { fail } from './errors.js';

export type CipherName =
  | 'AES-128-CBC' | 'AES-192-CBC' | 'AES-256-CBC'
  | 'AES-128-CTR' | 'AES-192-CTR' | 'AES-256-CTR'
  | 'DES-EDE3-CBC' | 'DES-CBC' | 'RC2-CBC';

export interface CipherSpec {
  name: CipherName;
  keyLen: number;
  ivLen: number;
  blockSize: number;
  /** RC2 effective key bits. */
  rc2Bits?: number;
}

export const CIPHERS: Record<string, CipherSpec> = {
  'AES-128-CBC': { name: 'AES-128-CBC', keyLen: 16, ivLen: 16, blockSize: 16 },
  'AES-192-CBC': { name: 'AES-192-CBC', keyLen: 24, ivLen: 16, blockSize: 16 },
  'AES-256-CBC': { name: 'AES-256-CBC', keyLen: 32, ivLen: 16, blockSize: 16 },
  'AES-128-CTR': { name: 'AES-128-CTR', keyLen: 16, ivLen: 16, blockSize: 16 },
  'AES-192-CTR': { name: 'AES-192-CTR', keyLen: 24, ivLen: 16, blockSize: 16 },
  'AES-256-CTR': { name: 'AES-256-CTR', keyLen: 32, ivLen: 16, blockSize: 16 },
  'DES-EDE3-CBC': { name: 'DES-EDE3-CBC', keyLen: 24, ivLen: 8, blockSize: 8 },
  'DES-CBC': { name: 'DES-CBC', keyLen: 8, ivLen: 8, blockSize: 8 },
};

/** Bytes as node-forge's binary string (one char per byte), and back. */
export function toBinary(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]!);
  return s;
}

export function fromBinary(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) fail('unsupported_algorithm', 'WebCrypto is not available in this environment');
  return s;
}

async function aesCbcRaw(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  if (data.length === 0) return data;
  const k = await subtle().importKey('raw', key as BufferSource, 'AES-CBC', false, ['encrypt', 'decrypt']);
  // WebCrypto always strips PKCS#7 padding. Append the encryption of one full padding block
  // (chained from the last ciphertext block) so it strips exactly that and we get every byte.
  const last = data.subarray(data.length - 16);
  const pad = new Uint8Array(16).fill(16);
  const extra = new Uint8Array(await subtle().encrypt({ name: 'AES-CBC', iv: last as BufferSource }, k, pad as BufferSource)).subarray(0, 16);
  const plain = await subtle().decrypt({ name: 'AES-CBC', iv: iv as BufferSource }, k, concatBytes(data, extra) as BufferSource);
  return new Uint8Array(plain);
}

async function aesCtr(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  const k = await subtle().importKey('raw', key as BufferSource, 'AES-CTR', false, ['decrypt']);
  const plain = await subtle().decrypt({ name: 'AES-CTR', counter: iv as BufferSource, length: 128 }, k, data as BufferSource);
  return new Uint8Array(plain);
}

function forgeRaw(d: forge.cipher.BlockCipher | forge.rc2.cipher, iv: Uint8Array, data: Uint8Array, rc2 = false): Uint8Array {
  // forge's RC2 takes the IV itself; its generic block ciphers take an options object.
  if (rc2) (d as forge.rc2.cipher).start(forge.util.createBuffer(toBinary(iv)));
  else (d as forge.cipher.BlockCipher).start({ iv: forge.util.createBuffer(toBinary(iv)) });
  d.update(forge.util.createBuffer(toBinary(data)));
  // A pad function that keeps every byte: we check the padding ourselves.
  (d.finish as (pad: () => boolean) => boolean)(() => true);
  return fromBinary(d.output.getBytes());
}

/** Decrypts without removing padding. Data length must be a multiple of the block size for CBC. */
export async function decryptRaw(spec: CipherSpec, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  if (key.length !== spec.keyLen || iv.length !== spec.ivLen) fail('der_invalid', `${spec.name}: wrong key or IV length`);
  const isCbc = spec.name.endsWith('CBC');
  if (isCbc && data.length % spec.blockSize !== 0) fail('der_invalid', `${spec.name} ciphertext length ${data.length} is not a multiple of ${spec.blockSize}`);
  switch (spec.name) {
    case 'AES-128-CBC':
    case 'AES-192-CBC':
    case 'AES-256-CBC':
      return aesCbcRaw(key, iv, data);
    case 'AES-128-CTR':
    case 'AES-192-CTR':
    case 'AES-256-CTR':
      return aesCtr(key, iv, data);
    case 'DES-EDE3-CBC':
      return forgeRaw(forge.cipher.createDecipher('3DES-CBC', forge.util.createBuffer(toBinary(key))), iv, data);
    case 'DES-CBC':
      return forgeRaw(forge.cipher.createDecipher('DES-CBC', forge.util.createBuffer(toBinary(key))), iv, data);
    case 'RC2-CBC':
      return forgeRaw(forge.rc2.createDecryptionCipher(forge.util.createBuffer(toBinary(key)), spec.rc2Bits ?? key.length * 8), iv, data, true);
  }
}

/** Strict PKCS#7 unpadding; undefined when the padding is not valid (a wrong key, usually). */
export function unpad(plain: Uint8Array, blockSize: number): Uint8Array | undefined {
  if (plain.length === 0 || plain.length % blockSize !== 0) return undefined;
  const n = plain[plain.length - 1]!;
  if (n < 1 || n > blockSize) return undefined;
  for (let i = plain.length - n; i < plain.length; i++) if (plain[i] !== n) return undefined;
  return plain.subarray(0, plain.length - n);
}

/** CBC decrypt and unpad: undefined when the padding proves the key wrong. */
export async function decryptCbc(spec: CipherSpec, key: Uint8Array, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array | undefined> {
  return unpad(await decryptRaw(spec, key, iv, data), spec.blockSize);
}
