/**
 * "Prove" a key pair the way TLS relies on it: what the private key signs, only its public
 * half verifies; what the public half encrypts (RSA), only the private key decrypts.
 */
import { toHex } from '../../../core/bytes.js';
import type { Item, PrivateKeyItem, PublicKeyInfo } from '../../../core/types.js';
import type { ProofStep } from './protocol.js';
import { toPkcs8 } from './pkcs8.js';

type Algo = { importParams: RsaHashedImportParams | EcKeyImportParams | Algorithm; signParams: Algorithm | EcdsaParams | RsaPssParams; name: string };

function signingAlgorithm(pub: PublicKeyInfo): Algo | undefined {
  switch (pub.algorithm) {
    case 'RSA':
      return { importParams: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, signParams: { name: 'RSASSA-PKCS1-v1_5' }, name: `RSA PKCS#1 v1.5 with SHA-256` };
    case 'EC': {
      const hash = pub.curve === 'P-384' ? 'SHA-384' : pub.curve === 'P-521' ? 'SHA-512' : 'SHA-256';
      if (!pub.curve || !['P-256', 'P-384', 'P-521'].includes(pub.curve)) return undefined;
      return { importParams: { name: 'ECDSA', namedCurve: pub.curve }, signParams: { name: 'ECDSA', hash } as EcdsaParams, name: `ECDSA ${pub.curve} with ${hash}` };
    }
    case 'Ed25519':
      return { importParams: { name: 'Ed25519' }, signParams: { name: 'Ed25519' }, name: 'Ed25519' };
    default:
      return undefined;
  }
}

const short = (b: Uint8Array) => (b.length > 24 ? `${toHex(b.subarray(0, 24))}… (${b.length} bytes)` : toHex(b));

function publicKeyOf(item: Item): PublicKeyInfo | undefined {
  return 'publicKey' in item ? item.publicKey : undefined;
}

/** Returns the steps taken; `undefined` when WebCrypto cannot do this key type (caller falls back). */
export async function proveWithWebCrypto(priv: PrivateKeyItem, pubItem: Item, pubName: string): Promise<ProofStep[] | undefined> {
  const pkcs8 = toPkcs8(priv);
  if (!pkcs8) return undefined;
  try {
    return await proveWith(pkcs8, pubItem, pubName);
  } finally {
    // A PKCS#1 or SEC1 key was copied into a new PKCS#8 wrapping: no copy of it outlives the proof.
    // (The keys WebCrypto imported are local and not extractable; nothing keeps them.)
    if (pkcs8 !== priv.der) pkcs8.fill(0);
  }
}

async function proveWith(pkcs8: Uint8Array, pubItem: Item, pubName: string): Promise<ProofStep[] | undefined> {
  const pub = publicKeyOf(pubItem);
  if (!pub) return undefined;
  const algo = signingAlgorithm(pub);
  if (!algo) return undefined;
  const subtle = globalThis.crypto.subtle;
  const steps: ProofStep[] = [];
  let privateKey: CryptoKey;
  let publicKey: CryptoKey;
  try {
    privateKey = await subtle.importKey('pkcs8', pkcs8 as BufferSource, algo.importParams, false, ['sign']);
    publicKey = await subtle.importKey('spki', pub.spki as BufferSource, algo.importParams, false, ['verify']);
  } catch {
    return undefined;
  }
  const challenge = globalThis.crypto.getRandomValues(new Uint8Array(32));
  steps.push({ label: 'Made a random challenge', ok: true, detail: `32 random bytes: ${toHex(challenge)}` });
  const signature = new Uint8Array(await subtle.sign(algo.signParams, privateKey, challenge));
  steps.push({ label: `Signed it with the private key (${algo.name})`, ok: true, detail: `Signature: ${short(signature)}` });
  const verified = await subtle.verify(algo.signParams, publicKey, signature, challenge);
  steps.push({
    label: `Checked the signature with the public key from ${pubName}`,
    ok: verified,
    detail: verified ? 'The signature verifies: only the holder of this private key could have made it.' : 'The signature does NOT verify: these are not two halves of one key pair.',
  });
  const tampered = challenge.slice();
  tampered[0] = tampered[0]! ^ 1;
  const tamperedOk = await subtle.verify(algo.signParams, publicKey, signature, tampered);
  steps.push({
    label: 'Control: flipped one bit of the challenge and checked again',
    ok: !tamperedOk,
    detail: tamperedOk ? 'Unexpected: a changed message verified.' : 'Rejected, as it must be: the signature is bound to the exact message.',
  });
  if (pub.algorithm === 'RSA') steps.push(...(await rsaRoundTrip(pkcs8, pub.spki)));
  return steps;
}

async function rsaRoundTrip(pkcs8: Uint8Array, spki: Uint8Array): Promise<ProofStep[]> {
  const subtle = globalThis.crypto.subtle;
  const params = { name: 'RSA-OAEP', hash: 'SHA-256' };
  try {
    const enc = await subtle.importKey('spki', spki as BufferSource, params, false, ['encrypt']);
    const dec = await subtle.importKey('pkcs8', pkcs8 as BufferSource, params, false, ['decrypt']);
    const secret = globalThis.crypto.getRandomValues(new Uint8Array(16));
    const sealed = new Uint8Array(await subtle.encrypt(params, enc, secret));
    const opened = new Uint8Array(await subtle.decrypt(params, dec, sealed));
    const same = toHex(opened) === toHex(secret);
    return [
      { label: 'Encrypted a random secret with the public key (RSA-OAEP, SHA-256)', ok: true, detail: `Secret ${toHex(secret)} → ${short(sealed)}` },
      { label: 'Decrypted it with the private key', ok: same, detail: same ? `Got ${toHex(opened)} back: the same secret.` : 'Got different bytes back: not a pair.' },
    ];
  } catch (e) {
    return [{ label: 'Encrypted with the public key and decrypted with the private key', ok: false, detail: `Decryption failed: ${e instanceof Error ? e.message : String(e)}` }];
  }
}
