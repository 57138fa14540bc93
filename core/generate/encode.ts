/**
 * Text encodings of generated keys: PEM (PKCS#8, encrypted PKCS#8, PKCS#1, SEC1, SPKI) and the
 * OpenSSH public key line.
 */
import { concatBytes, toBase64, utf8Encode } from '../bytes.js';
import { children, der, readRoot, value } from '../der.js';
import { curveOid, plain, spkiPublicBytes, type KeyPair } from './keys.js';

/**
 * OWASP's 2023 figure for PBKDF2-HMAC-SHA256. OpenSSL 3 still writes 2048 by default, which a
 * GPU tries in microseconds; 600,000 costs about half a second once, on open.
 */
export const PBKDF2_ITERATIONS = 600_000;

const OIDS = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha256: '1.2.840.113549.2.9',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
};

export function pem(label: string, derBytes: Uint8Array): string {
  const b64 = toBase64(derBytes);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export function spkiPem(key: KeyPair): string {
  return pem('PUBLIC KEY', key.spki);
}

export function pkcs8Pem(key: KeyPair): string {
  return pem('PRIVATE KEY', key.pkcs8);
}

/** PKCS#1 `RSA PRIVATE KEY` or SEC1 `EC PRIVATE KEY`; undefined for EdDSA, which has neither. */
export function traditionalPem(key: KeyPair): string | undefined {
  const inner = value(children(readRoot(key.pkcs8))[2]!);
  if (key.algorithm === 'RSA') return pem('RSA PRIVATE KEY', inner);
  if (key.algorithm !== 'EC') return undefined;
  // PKCS#8 may drop the curve and public key from the inner ECPrivateKey (the outer
  // AlgorithmIdentifier carries the curve); on its own, SEC1 needs both to be useful.
  const scalar = value(children(readRoot(inner))[1]!);
  const sec1 = der.seq(
    der.int(1),
    der.octets(scalar),
    der.explicit(0, der.oid(curveOid(key.curve!))),
    der.explicit(1, der.bits(spkiPublicBytes(key.spki))),
  );
  return pem('EC PRIVATE KEY', sec1);
}

/** EncryptedPrivateKeyInfo with PBES2: PBKDF2-HMAC-SHA256 and AES-256-CBC, as OpenSSL 3 writes it. */
export async function encryptPkcs8(pkcs8: Uint8Array, password: string, iterations = PBKDF2_ITERATIONS): Promise<Uint8Array> {
  const subtle = globalThis.crypto.subtle;
  const salt = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(16));
  const base = await subtle.importKey('raw', plain(utf8Encode(password)), 'PBKDF2', false, ['deriveKey']);
  const aes = await subtle.deriveKey(
    { name: 'PBKDF2', salt, iterations, hash: 'SHA-256' },
    base,
    { name: 'AES-CBC', length: 256 },
    false,
    ['encrypt'],
  );
  const ciphertext = new Uint8Array(await subtle.encrypt({ name: 'AES-CBC', iv }, aes, plain(pkcs8)));
  const kdf = der.seq(
    der.oid(OIDS.pbkdf2),
    der.seq(der.octets(salt), der.int(iterations), der.seq(der.oid(OIDS.hmacWithSha256), der.null())),
  );
  const cipher = der.seq(der.oid(OIDS.aes256Cbc), der.octets(iv));
  return der.seq(der.seq(der.oid(OIDS.pbes2), der.seq(kdf, cipher)), der.octets(ciphertext));
}

export async function encryptedPkcs8Pem(key: KeyPair, password: string, iterations?: number): Promise<string> {
  return pem('ENCRYPTED PRIVATE KEY', await encryptPkcs8(key.pkcs8, password, iterations));
}

/** How a private key file is encoded, for descriptions. */
export function privateKeyEncodingName(key: KeyPair, traditional: boolean, encrypted: boolean): string {
  if (encrypted) return 'encrypted PKCS#8';
  if (traditional && key.algorithm === 'RSA') return 'PKCS#1';
  if (traditional && key.algorithm === 'EC') return 'SEC1';
  return 'PKCS#8';
}

export async function privateKeyPem(key: KeyPair, opts: { password?: string; traditional?: boolean }): Promise<string> {
  if (opts.password !== undefined) return encryptedPkcs8Pem(key, opts.password);
  if (opts.traditional) return traditionalPem(key) ?? pkcs8Pem(key);
  return pkcs8Pem(key);
}

const SSH_CURVE: Record<string, string> = { 'P-256': 'nistp256', 'P-384': 'nistp384', 'P-521': 'nistp521' };

/** `ssh-rsa AAAA... comment` (RFC 4253/5656/8709); undefined for Ed448, which OpenSSH does not support. */
export function opensshPublicLine(key: KeyPair, comment: string): string | undefined {
  const pub = spkiPublicBytes(key.spki);
  let type: string;
  let fields: Uint8Array[];
  switch (key.algorithm) {
    case 'RSA': {
      // DER INTEGER contents are already SSH mpints: minimal, with a sign byte where needed.
      const [n, e] = children(readRoot(pub));
      type = 'ssh-rsa';
      fields = [value(e!), value(n!)];
      break;
    }
    case 'EC': {
      const name = SSH_CURVE[key.curve!]!;
      type = `ecdsa-sha2-${name}`;
      fields = [utf8Encode(name), pub];
      break;
    }
    case 'Ed25519':
      type = 'ssh-ed25519';
      fields = [pub];
      break;
    case 'Ed448':
      return undefined;
  }
  const blob = concatBytes(sshString(utf8Encode(type)), ...fields.map(sshString));
  return `${type} ${toBase64(blob)}${comment ? ' ' + comment : ''}\n`;
}

function sshString(bytes: Uint8Array): Uint8Array {
  const len = new Uint8Array(4);
  new DataView(len.buffer).setUint32(0, bytes.length);
  return concatBytes(len, bytes);
}
