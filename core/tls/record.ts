/**
 * TLS 1.3 record protection with AES-128-GCM (RFC 8446 §5.2–5.3): the inner plaintext is the
 * content followed by its real content type; the outer record claims application_data (23)
 * and TLS 1.2; the nonce is the write IV XOR the 64-bit record sequence number; the record
 * header is the additional data.
 */
import { concatBytes } from '../bytes.js';
import type { TrafficKeys } from './hkdf.js';

export const CONTENT = { handshake: 22, applicationData: 23 } as const;
const TAG_LEN = 16;
/** A TLSCiphertext fragment may be at most 2^14 + 256 bytes. */
export const MAX_PLAINTEXT = 1 << 14;

const buf = (b: Uint8Array): ArrayBuffer => b.slice().buffer as ArrayBuffer;

export function recordNonce(iv: Uint8Array, seq: number): Uint8Array {
  const nonce = iv.slice();
  let s = BigInt(seq);
  for (let i = nonce.length - 1; i >= nonce.length - 8; i--) {
    nonce[i]! ^= Number(s & 0xffn);
    s >>= 8n;
  }
  return nonce;
}

function header(length: number): Uint8Array {
  return Uint8Array.of(CONTENT.applicationData, 0x03, 0x03, length >> 8, length & 0xff);
}

async function aesKey(raw: Uint8Array, usage: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  return globalThis.crypto.subtle.importKey('raw', buf(raw), { name: 'AES-GCM' }, false, [usage]);
}

/** One protected record (header included) carrying `content` of type `type`. */
export async function sealRecord(keys: TrafficKeys, seq: number, type: number, content: Uint8Array): Promise<Uint8Array> {
  if (content.length > MAX_PLAINTEXT) throw new RangeError('record content over 2^14 bytes');
  const inner = concatBytes(content, Uint8Array.of(type));
  const aad = header(inner.length + TAG_LEN);
  const sealed = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: buf(recordNonce(keys.iv, seq)), additionalData: buf(aad), tagLength: 128 },
    await aesKey(keys.key, 'encrypt'),
    buf(inner),
  );
  return concatBytes(aad, new Uint8Array(sealed));
}

/** Opens a record made by `sealRecord`; undefined when the tag does not verify (wrong key, IV, sequence or bytes). */
export async function openRecord(keys: TrafficKeys, seq: number, record: Uint8Array): Promise<{ type: number; content: Uint8Array } | undefined> {
  if (record.length < 5 + TAG_LEN + 1) return undefined;
  const aad = record.subarray(0, 5);
  try {
    const plain = new Uint8Array(
      await globalThis.crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: buf(recordNonce(keys.iv, seq)), additionalData: buf(aad), tagLength: 128 },
        await aesKey(keys.key, 'decrypt'),
        buf(record.subarray(5)),
      ),
    );
    let end = plain.length;
    while (end > 0 && plain[end - 1] === 0) end--;
    if (end === 0) return undefined;
    return { type: plain[end - 1]!, content: plain.subarray(0, end - 1) };
  } catch {
    return undefined;
  }
}

/** `content` as as many records as it needs (a certificate chain can exceed one record). */
export async function sealRecords(keys: TrafficKeys, firstSeq: number, type: number, content: Uint8Array): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (let o = 0, seq = firstSeq; o < content.length || o === 0; o += MAX_PLAINTEXT, seq++) {
    out.push(await sealRecord(keys, seq, type, content.subarray(o, o + MAX_PLAINTEXT)));
    if (content.length === 0) break;
  }
  return out;
}
