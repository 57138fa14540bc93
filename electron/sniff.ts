/**
 * Whether bytes the renderer asks main to save hold private material, decided by main itself:
 * the renderer's `sensitive` flag may only make a file more private, never less. Main never
 * parses untrusted bytes, so this is a sniff (fixed markers, also in UTF-16 text, magic numbers
 * and the first DER header), not a reader, and it errs towards "private": a certificate whose
 * subject says "PRIVATE KEY" is saved 0600, which harms nobody.
 */

/** Text markers of private material in every format the app writes or reads. */
const PRIVATE_MARKERS = [
  // PEM armour: PRIVATE KEY, RSA/EC/DSA/OPENSSH/ENCRYPTED PRIVATE KEY, ssh.com's SSH2 ... PRIVATE KEY.
  'PRIVATE KEY',
  // ENCRYPTED PRIVATE KEY, OpenSSL's "Proc-Type: 4,ENCRYPTED", anything else that says it is locked.
  'ENCRYPTED',
  // A PKCS#12 in PEM armour (-----BEGIN PKCS12-----).
  'PKCS12',
  // PuTTY .ppk v2/v3 header, and the binary inside an OpenSSH private key.
  'PuTTY-User-Key-File-',
  'openssh-key-v1',
  // Kubernetes Secrets and kubeconfigs name their keys; the key itself is base64 text.
  'tls.key',
  'client-key-data',
  'ssh-privatekey',
].map((m) => Buffer.from(m, 'latin1'));

/** JWK members that only private or secret keys have (RFC 7517/7518: d, p, q, dp, dq, qi, oth; oct's k). */
const JWK_PRIVATE_MEMBER = /"(?:d|k|p|q|dp|dq|qi|oth)"\s*:/;

const MARKER_TEXT = PRIVATE_MARKERS.map((m) => m.toString('latin1'));

/** Text saved as UTF-16 with a byte-order mark (PowerShell's default) holding a marker. */
function utf16LooksPrivate(b: Buffer): boolean {
  const encoding = b[0] === 0xff && b[1] === 0xfe ? 'utf-16le' : b[0] === 0xfe && b[1] === 0xff ? 'utf-16be' : undefined;
  if (encoding === undefined) return false;
  const text = new TextDecoder(encoding).decode(b);
  return MARKER_TEXT.some((m) => text.includes(m)) || JWK_PRIVATE_MEMBER.test(text);
}

/** Whether the `length` bytes at `start` spell one of those names (compared as bytes: no copies). */
function isPrivateName(b: Uint8Array, start: number, length: number): boolean {
  const c0 = b[start];
  const c1 = b[start + 1];
  if (length === 1) return c0 === 0x64 || c0 === 0x6b || c0 === 0x70 || c0 === 0x71; // d k p q
  if (length === 2) return (c0 === 0x64 && (c1 === 0x70 || c1 === 0x71)) || (c0 === 0x71 && c1 === 0x69); // dp dq qi
  return length === 3 && c0 === 0x6f && c1 === 0x74 && b[start + 2] === 0x68; // oth
}

const isJsonSpace = (c: number | undefined): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;

/**
 * Whether a member named like a private JWK member occurs (`"d"`, white space, `:`). One pass
 * over the bytes: every position is looked at a bounded number of times, whatever the input.
 */
function hasPrivateMember(b: Uint8Array, from: number): boolean {
  for (let i = from; i < b.length; i++) {
    if (b[i] !== 0x22) continue;
    let end = i + 1;
    while (end < b.length && end - i <= 3 && b[end]! >= 0x61 && b[end]! <= 0x7a) end++;
    if (b[end] !== 0x22 || end === i + 1) continue;
    if (!isPrivateName(b, i + 1, end - i - 1)) continue;
    let after = end + 1;
    while (isJsonSpace(b[after])) after++;
    if (b[after] === 0x3a) return true;
    // Go on after the white space just skipped (no name starts in it); with none, the closing
    // quote is looked at again, as it may open the next string.
    i = after > end + 1 ? after - 1 : end - 1;
  }
  return false;
}

// OBJECT IDENTIFIER prefixes (tag, length, value) of password-based encryption algorithms:
// PKCS#5 (1.2.840.113549.1.5.*: PBES1, PBES2) and PKCS#12 (1.2.840.113549.1.12.1.*).
const PKCS5_OID = Buffer.from('06092a864886f70d0105', 'hex');
const PKCS12_PBE_OID = Buffer.from('060a2a864886f70d010c01', 'hex');

/** Offset just past a DER/BER tag-and-length header at `at`, or -1 when it is not one we follow. */
function afterHeader(b: Uint8Array, at: number): number {
  const first = b[at + 1];
  if (first === undefined) return -1;
  if (first <= 0x80) return at + 2; // short form, or BER's indefinite length
  const n = first & 0x7f;
  return n <= 4 ? at + 2 + n : -1;
}

const startsWith = (b: Uint8Array, at: number, prefix: Uint8Array): boolean => prefix.every((v, i) => b[at + i] === v);

/**
 * DER (or BER) private material by its first header only. A SEQUENCE whose first element is a
 * one-byte INTEGER is a versioned private structure: PKCS#1 RSAPrivateKey, PKCS#8
 * (One)AsymmetricKey, SEC1 ECPrivateKey, OpenSSL's DSA key (version 0 or 1) or a PKCS#12 PFX
 * (version 3). Public structures start otherwise: certificates, CRLs, CSRs and SPKIs with a
 * SEQUENCE, PKCS#7 with an OID, RSAPublicKey with a many-byte modulus. A SEQUENCE whose first
 * element is an AlgorithmIdentifier naming password-based encryption is PKCS#8's
 * EncryptedPrivateKeyInfo.
 */
function derLooksPrivate(b: Uint8Array): boolean {
  if (b[0] !== 0x30) return false;
  const inner = afterHeader(b, 0);
  if (inner < 0) return false;
  if (b[inner] === 0x02 && b[inner + 1] === 0x01) return true;
  if (b[inner] !== 0x30) return false;
  const oid = afterHeader(b, inner);
  return oid >= 0 && (startsWith(b, oid, PKCS5_OID) || startsWith(b, oid, PKCS12_PBE_OID));
}

/** Java keystores (JKS 0xFEEDFEED, JCEKS 0xCECECECE) may hold private and secret keys. */
function isJavaKeystore(b: Uint8Array): boolean {
  const magic = b.length >= 4 ? ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0 : 0;
  return magic === 0xfeedfeed || magic === 0xcececece;
}

/** A JSON document (JWK, JWKS) with a private-only member, judged by its text alone. */
function jsonLooksPrivate(b: Buffer): boolean {
  let i = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  while (isJsonSpace(b[i])) i++;
  if (b[i] !== 0x7b && b[i] !== 0x5b) return false;
  return hasPrivateMember(b, i + 1);
}

/** Whether `bytes` hold (or may hold) private material. Linear in the size; never throws. */
export function looksPrivate(bytes: Uint8Array): boolean {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return PRIVATE_MARKERS.some((m) => b.includes(m)) || derLooksPrivate(b) || isJavaKeystore(b) || jsonLooksPrivate(b) || utf16LooksPrivate(b);
}

/** Names the app gives only to private material: keys (`server.key`), PKCS#12 and PuTTY keys. */
export function privateByName(name: string): boolean {
  return /\.(key|p12|pfx|ppk)$/i.test(name);
}

/**
 * Whether a file is written owner-only (0600). The renderer's word can only add privacy:
 * the name and the bytes are judged here whatever it says.
 */
export function isPrivateFile(file: { name: string; bytes: Uint8Array; sensitive?: boolean }): boolean {
  return file.sensitive === true || privateByName(file.name) || looksPrivate(file.bytes);
}
