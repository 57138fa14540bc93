/**
 * The TLS 1.3 key schedule (RFC 8446 §7.1) for TLS_AES_128_GCM_SHA256, over WebCrypto HMAC.
 * HKDF-Extract and HKDF-Expand are written out (RFC 5869) rather than using WebCrypto's HKDF,
 * which only does both at once: the walkthrough shows every intermediate secret.
 *
 *   HKDF-Expand-Label(Secret, Label, Context, Length) = HKDF-Expand(Secret, HkdfLabel, Length)
 *     struct { uint16 length; opaque label<7..255> = "tls13 " + Label; opaque context<0..255>; } HkdfLabel;
 *   Derive-Secret(Secret, Label, Messages) = HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages), Hash.length)
 */
import { concatBytes, utf8Encode } from '../bytes.js';

/** SHA-256: the hash of TLS_AES_128_GCM_SHA256. */
export const HASH_LEN = 32;
export const KEY_LEN = 16;
export const IV_LEN = 12;

const subtle = () => globalThis.crypto.subtle;
const buf = (b: Uint8Array): ArrayBuffer => b.slice().buffer as ArrayBuffer;

export async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await subtle().digest('SHA-256', buf(data)));
}

export async function hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array> {
  // An empty HMAC key is legal (RFC 2104) but WebCrypto refuses zero-length keys: pad it, which HMAC does anyway.
  const k = await subtle().importKey('raw', buf(key.length ? key : new Uint8Array(HASH_LEN)), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await subtle().sign('HMAC', k, buf(data)));
}

/** HKDF-Extract(salt, IKM) = HMAC-Hash(salt, IKM); a missing salt is Hash.length zeros. */
export function hkdfExtract(salt: Uint8Array, ikm: Uint8Array): Promise<Uint8Array> {
  return hmacSha256(salt.length ? salt : new Uint8Array(HASH_LEN), ikm);
}

export async function hkdfExpand(prk: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array> {
  if (length > 255 * HASH_LEN) throw new RangeError('HKDF-Expand length too large');
  const out = new Uint8Array(length);
  let t: Uint8Array = new Uint8Array(0);
  for (let i = 1, o = 0; o < length; i++) {
    t = await hmacSha256(prk, concatBytes(t, info, Uint8Array.of(i)));
    out.set(t.subarray(0, Math.min(t.length, length - o)), o);
    o += t.length;
  }
  return out;
}

export function hkdfLabel(label: string, context: Uint8Array, length: number): Uint8Array {
  const full = utf8Encode('tls13 ' + label);
  return concatBytes(Uint8Array.of(length >> 8, length & 0xff, full.length), full, Uint8Array.of(context.length), context);
}

export function hkdfExpandLabel(secret: Uint8Array, label: string, context: Uint8Array, length: number): Promise<Uint8Array> {
  return hkdfExpand(secret, hkdfLabel(label, context, length), length);
}

/** Derive-Secret with the transcript hash already computed. */
export function deriveSecret(secret: Uint8Array, label: string, transcriptHash: Uint8Array): Promise<Uint8Array> {
  return hkdfExpandLabel(secret, label, transcriptHash, HASH_LEN);
}

export interface TrafficKeys {
  key: Uint8Array;
  iv: Uint8Array;
}

/** [sender]_write_key and [sender]_write_iv from a traffic secret (RFC 8446 §7.3). */
export async function trafficKeys(secret: Uint8Array): Promise<TrafficKeys> {
  return { key: await hkdfExpandLabel(secret, 'key', new Uint8Array(0), KEY_LEN), iv: await hkdfExpandLabel(secret, 'iv', new Uint8Array(0), IV_LEN) };
}

/** Finished.verify_data = HMAC(finished_key, Transcript-Hash), finished_key from the sender's handshake traffic secret (§4.4.4). */
export async function finishedVerifyData(baseKey: Uint8Array, transcriptHash: Uint8Array): Promise<Uint8Array> {
  const finishedKey = await hkdfExpandLabel(baseKey, 'finished', new Uint8Array(0), HASH_LEN);
  return hmacSha256(finishedKey, transcriptHash);
}

export interface HandshakeSecrets {
  early: Uint8Array;
  derivedEarly: Uint8Array;
  handshake: Uint8Array;
  clientHandshakeTraffic: Uint8Array;
  serverHandshakeTraffic: Uint8Array;
  derivedHandshake: Uint8Array;
  master: Uint8Array;
}

/**
 * From the (EC)DHE shared secret and the hash of ClientHello..ServerHello: the early secret
 * (no PSK: IKM of zeros), the handshake secret and both handshake traffic secrets, and the master secret.
 */
export async function handshakeSecrets(shared: Uint8Array, helloHash: Uint8Array): Promise<HandshakeSecrets> {
  const zeros = new Uint8Array(HASH_LEN);
  const early = await hkdfExtract(new Uint8Array(0), zeros);
  const emptyHash = await sha256(new Uint8Array(0));
  const derivedEarly = await deriveSecret(early, 'derived', emptyHash);
  const handshake = await hkdfExtract(derivedEarly, shared);
  const clientHandshakeTraffic = await deriveSecret(handshake, 'c hs traffic', helloHash);
  const serverHandshakeTraffic = await deriveSecret(handshake, 's hs traffic', helloHash);
  const derivedHandshake = await deriveSecret(handshake, 'derived', emptyHash);
  const master = await hkdfExtract(derivedHandshake, zeros);
  return { early, derivedEarly, handshake, clientHandshakeTraffic, serverHandshakeTraffic, derivedHandshake, master };
}

/** Application traffic secrets from the master secret and the hash of ClientHello..server Finished. */
export async function applicationSecrets(master: Uint8Array, serverFinishedHash: Uint8Array): Promise<{ client: Uint8Array; server: Uint8Array }> {
  return { client: await deriveSecret(master, 'c ap traffic', serverFinishedHash), server: await deriveSecret(master, 's ap traffic', serverFinishedHash) };
}
