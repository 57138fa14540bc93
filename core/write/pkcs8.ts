/**
 * `pkcs8`: one private key as PKCS#8 PEM, `PRIVATE KEY` in the clear or `ENCRYPTED PRIVATE KEY`
 * (PBES2: PBKDF2-HMAC-SHA-256 with PBKDF2_ITERATIONS, AES-256-CBC) with a password. Adding,
 * changing and removing a key's passphrase are all this writer.
 */
import { utf8Encode } from '../bytes.js';
import { encryptedPrivateKeyInfo, pbes2Encrypt } from './encrypt.js';
import { pemText } from './pem-armor.js';
import { makeWriter, pickPrivateKey, type Plan } from './select.js';
import { identity } from './readback.js';
import type { OutputFile } from './types.js';

/**
 * OWASP's 2023 figure for PBKDF2-HMAC-SHA256. OpenSSL 3 still writes 2048 by default, which a
 * GPU tries in microseconds; 600,000 costs about half a second once, on open.
 */
export const PBKDF2_ITERATIONS = 600_000;

/** EncryptedPrivateKeyInfo DER with PBES2: PBKDF2-HMAC-SHA256 and AES-256-CBC, as OpenSSL 3 writes it. */
export async function encryptPkcs8(pkcs8: Uint8Array, password: string, iterations = PBKDF2_ITERATIONS): Promise<Uint8Array> {
  return encryptedPrivateKeyInfo(await pbes2Encrypt(pkcs8, password, iterations));
}

/** A private key's DER and PEM label: PKCS#8, encrypted when there is a password. */
export async function privateKeyDer(pkcs8: Uint8Array, password: string | undefined): Promise<{ label: string; der: Uint8Array }> {
  if (password === undefined) return { label: 'PRIVATE KEY', der: pkcs8 };
  return { label: 'ENCRYPTED PRIVATE KEY', der: await encryptPkcs8(pkcs8, password) };
}

/** `-----BEGIN PRIVATE KEY-----` or `-----BEGIN ENCRYPTED PRIVATE KEY-----` text. */
export async function pkcs8Pem(pkcs8: Uint8Array, password?: string): Promise<string> {
  const k = await privateKeyDer(pkcs8, password);
  return pemText(k.label, k.der);
}

interface KeyPlan extends Plan {
  index: number;
}

export const pkcs8Writer = makeWriter<KeyPlan>(
  'pkcs8',
  (items, opts) => {
    const { index, key } = pickPrivateKey(items, opts, 'a PKCS#8 key file');
    return { index, sensitivity: 'private', notes: [], expected: [identity(key)] };
  },
  async (plan, items, opts): Promise<OutputFile[]> => [
    { name: opts.fileName, bytes: utf8Encode(await pkcs8Pem(items[plan.index]!.der, opts.password)), sensitivity: 'private' },
  ],
);
