/**
 * Ephemeral (EC)DHE key shares as TLS 1.3 uses them (RFC 8446 §4.2.8.2, §7.4.2): X25519 with
 * 32-byte public keys and secrets (RFC 7748), P-256 with uncompressed points and the
 * x-coordinate as the shared secret. WebCrypto does the work; where a WebCrypto lacks X25519,
 * @noble/curves does.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { concatBytes, fromHex } from '../bytes.js';
import type { KeyShareGroup } from './types.js';

/** TLS NamedGroup code points. */
export const GROUP_CODES: Record<KeyShareGroup, number> = { X25519: 0x001d, 'P-256': 0x0017 };

export interface EphemeralKey {
  group: KeyShareGroup;
  /** The key_share bytes: 32 bytes (X25519) or an uncompressed point (P-256, 65 bytes). */
  publicRaw: Uint8Array;
  /** WebCrypto key, or the raw scalar when @noble/curves stands in. */
  privateKey: CryptoKey | Uint8Array;
}

const subtle = () => globalThis.crypto.subtle;
const buf = (b: Uint8Array): ArrayBuffer => b.slice().buffer as ArrayBuffer;
const params = (g: KeyShareGroup) => (g === 'X25519' ? { name: 'X25519' } : { name: 'ECDH', namedCurve: 'P-256' });

/** PrivateKeyInfo prefix of an X25519 key (RFC 8410): the 32-byte scalar follows. */
const X25519_PKCS8_PREFIX = fromHex('302e020100300506032b656e04220420');

let webCryptoX25519: boolean | undefined;

async function hasWebCryptoX25519(): Promise<boolean> {
  if (webCryptoX25519 === undefined) {
    try {
      await subtle().generateKey({ name: 'X25519' }, false, ['deriveBits']);
      webCryptoX25519 = true;
    } catch {
      webCryptoX25519 = false;
    }
  }
  return webCryptoX25519;
}

/** A fresh key pair for one handshake: its private half is never stored and dies with the handshake. */
export async function generateShare(group: KeyShareGroup): Promise<EphemeralKey> {
  if (group === 'X25519' && !(await hasWebCryptoX25519())) {
    const priv = x25519.utils.randomSecretKey();
    return { group, publicRaw: x25519.getPublicKey(priv), privateKey: priv };
  }
  const pair = (await subtle().generateKey(params(group), true, ['deriveBits'])) as CryptoKeyPair;
  return { group, publicRaw: new Uint8Array(await subtle().exportKey('raw', pair.publicKey)), privateKey: pair.privateKey };
}

/**
 * A known key pair (test vectors): X25519 from its 32-byte scalar; P-256 from its scalar and
 * uncompressed public point.
 */
export async function importShare(group: KeyShareGroup, privateRaw: Uint8Array, publicRaw: Uint8Array): Promise<EphemeralKey> {
  if (group === 'X25519') {
    if (!(await hasWebCryptoX25519())) return { group, publicRaw, privateKey: privateRaw };
    const key = await subtle().importKey('pkcs8', buf(concatBytes(X25519_PKCS8_PREFIX, privateRaw)), params(group), false, ['deriveBits']);
    return { group, publicRaw, privateKey: key };
  }
  const b64u = (b: Uint8Array) => btoa(String.fromCharCode(...b)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const jwk = { kty: 'EC', crv: 'P-256', d: b64u(privateRaw), x: b64u(publicRaw.subarray(1, 33)), y: b64u(publicRaw.subarray(33, 65)) };
  return { group, publicRaw, privateKey: await subtle().importKey('jwk', jwk, params(group), false, ['deriveBits']) };
}

/** The (EC)DHE shared secret of `mine` with the peer's key_share. Throws on an invalid peer share. */
export async function sharedSecret(mine: EphemeralKey, peerPublic: Uint8Array): Promise<Uint8Array> {
  if (mine.privateKey instanceof Uint8Array) return x25519.getSharedSecret(mine.privateKey, peerPublic);
  const peer = await subtle().importKey('raw', buf(peerPublic), params(mine.group), false, []);
  const alg = mine.group === 'X25519' ? { name: 'X25519', public: peer } : { name: 'ECDH', public: peer };
  return new Uint8Array(await subtle().deriveBits(alg, mine.privateKey, 256));
}
