/**
 * OpenSSH private keys (`openssh-key-v1`, PROTOCOL.key in the OpenSSH sources):
 *
 *   "openssh-key-v1\0" string ciphername, string kdfname, string kdfoptions,
 *   uint32 N, string publickey[N], string encrypted(uint32 check1, uint32 check2,
 *   { string keytype, key fields, string comment }[N], padding 1 2 3 ...)
 *
 * Each key is converted to PKCS#8. The public blobs are in the clear, so a locked key still
 * tells its algorithm and size.
 */
import { bigIntToBytes, bitLength, bytesToBigInt, equalBytes, stripLeadingZeros, utf8Decode, utf8Encode } from '../bytes.js';
import { budgetOf } from '../budget.js';
import type { Origin, ReadContext, ReadOutcome } from '../context.js';
import { der } from '../der.js';
import { CIPHERS, decryptRaw, type CipherSpec } from '../crypto/cipher.js';
import { LIMITS, ReadFailure, checkLimit, fail, toProblem } from '../crypto/errors.js';
import { bcryptPbkdf, checkBcryptRounds } from '../crypto/kdf.js';
import { OID } from '../oids.js';
import type { Item } from '../types.js';
import { readSpki } from '../x509/spki.js';
import { lockedKeyItem, passwordWrong, privateKeyItem, readPrivateFacts } from './items.js';
import { buildPkcs8, rawToPkcs8 } from './pkcs8.js';
import { SSH_CURVES, SshReader, sshBlobToSpki } from './ssh-wire.js';

const MAGIC = utf8Encode('openssh-key-v1\0');

const SSH_CIPHERS: Record<string, CipherSpec> = {
  'aes128-ctr': CIPHERS['AES-128-CTR']!,
  'aes192-ctr': CIPHERS['AES-192-CTR']!,
  'aes256-ctr': CIPHERS['AES-256-CTR']!,
  'aes128-cbc': CIPHERS['AES-128-CBC']!,
  'aes192-cbc': CIPHERS['AES-192-CBC']!,
  'aes256-cbc': CIPHERS['AES-256-CBC']!,
};

const SCALAR_BYTES: Record<string, number> = { 'P-256': 32, 'P-384': 48, 'P-521': 66 };

/** OpenSSH's own limit (SSH_RSA_MAXIMUM_MODULUS_SIZE): ssh-keygen makes and accepts nothing larger. */
export const MAX_SSH_RSA_BITS = 16_384;

/**
 * Every part of an RSA key fits in its modulus. Checked before any arithmetic: a hostile 100 KB
 * `d` or `p` made the BigInt work below take seconds (and minutes at 1 MB).
 */
function checkRsaSizes(n: Uint8Array, parts: Record<string, Uint8Array>): void {
  const bits = bitLength(n);
  if (bits > MAX_SSH_RSA_BITS) fail('limit_exceeded', `RSA key of ${bits.toLocaleString('en-US')} bits, above OpenSSH's limit of ${MAX_SSH_RSA_BITS.toLocaleString('en-US')}`);
  const len = stripLeadingZeros(n).length;
  for (const [name, v] of Object.entries(parts)) if (stripLeadingZeros(v).length > len) fail('der_invalid', `RSA key part ${name} is longer than its modulus`);
}

function rsaToPkcs8(n: Uint8Array, e: Uint8Array, d: Uint8Array, iqmp: Uint8Array, p: Uint8Array, q: Uint8Array): Uint8Array {
  const D = bytesToBigInt(d);
  const dp = bigIntToBytes(D % (bytesToBigInt(p) - 1n));
  const dq = bigIntToBytes(D % (bytesToBigInt(q) - 1n));
  const rsa = der.seq(der.int(0), ...[n, e, d, p, q, dp, dq, iqmp].map(der.uint));
  return buildPkcs8(der.seq(der.oid(OID.rsaEncryption), der.null()), rsa);
}

/** Reads one private key entry; returns its PKCS#8 and the comment. */
function readPrivateEntry(r: SshReader): { pkcs8: Uint8Array; comment: string } {
  const type = r.string();
  let pkcs8: Uint8Array;
  switch (type) {
    case 'ssh-rsa': {
      const [n, e, d, iqmp, p, q] = [r.mpint(), r.mpint(), r.mpint(), r.mpint(), r.mpint(), r.mpint()];
      checkRsaSizes(n, { e, d, iqmp, p, q });
      if (bytesToBigInt(p) < 2n || bytesToBigInt(q) < 2n) fail('der_invalid', 'RSA key with invalid primes');
      pkcs8 = rsaToPkcs8(n, e, d, iqmp, p, q);
      break;
    }
    case 'ssh-dss': {
      const [p, q, g, , x] = [r.mpint(), r.mpint(), r.mpint(), r.mpint(), r.mpint()];
      pkcs8 = buildPkcs8(der.seq(der.oid(OID.dsa), der.seq(der.uint(p), der.uint(q), der.uint(g))), der.uint(x));
      break;
    }
    case 'ssh-ed25519': {
      r.bytes();
      const sk = r.bytes();
      if (sk.length !== 64) fail('der_invalid', `ssh-ed25519 private key has ${sk.length} bytes, expected 64`);
      pkcs8 = rawToPkcs8(OID.ed25519, sk.subarray(0, 32));
      break;
    }
    default: {
      const m = /^ecdsa-sha2-(nistp\d+)$/.exec(type);
      const c = m ? SSH_CURVES[m[1]!] : undefined;
      if (!c) fail('unsupported_algorithm', `OpenSSH private key type ${type} is not supported`);
      r.string();
      const Q = r.bytes();
      const d = r.mpint();
      // Sizes from the curve, not from Q: both are the file's word. OpenSSH writes uncompressed points.
      const len = SCALAR_BYTES[c.curve]!;
      if (Q.length !== 1 + 2 * len) fail('der_invalid', `${type} public point has ${Q.length} bytes, expected ${1 + 2 * len}`);
      if (stripLeadingZeros(d).length > len) fail('der_invalid', `${type} private key is longer than its curve's order`);
      const inner = der.seq(der.int(1), der.octets(bigIntToBytes(bytesToBigInt(d), len)), der.explicit(1, der.bits(Q)));
      pkcs8 = buildPkcs8(der.seq(der.oid(OID.ecPublicKey), der.oid(c.oid)), inner);
    }
  }
  return { pkcs8, comment: utf8Decode(r.bytes()) ?? '' };
}

function parsePrivateSection(plain: Uint8Array, n: number): { pkcs8: Uint8Array; comment: string }[] | undefined {
  const r = new SshReader(plain);
  if (r.uint32() !== r.uint32()) return undefined;
  const keys: { pkcs8: Uint8Array; comment: string }[] = [];
  for (let i = 0; i < n; i++) keys.push(readPrivateEntry(r));
  const pad = r.rest();
  for (let i = 0; i < pad.length; i++) if (pad[i] !== ((i + 1) & 0xff)) fail('der_invalid', 'OpenSSH private key has bad padding');
  return keys;
}

export async function readOpensshPrivate(bytes: Uint8Array, ctx: ReadContext, origin: Origin, fileBytes: Uint8Array): Promise<ReadOutcome> {
  if (bytes.length < MAGIC.length || !equalBytes(bytes.subarray(0, MAGIC.length), MAGIC)) fail('der_invalid', 'not an openssh-key-v1 private key');
  const r = new SshReader(bytes.subarray(MAGIC.length));
  const cipherName = r.string();
  const kdfName = r.string();
  const kdfOptions = r.bytes();
  const n = r.uint32();
  checkLimit(n <= LIMITS.sshKeys, `OpenSSH file claims ${n} keys`);
  if (n < 1) fail('der_invalid', 'OpenSSH private key file with no keys');
  const publics = Array.from({ length: n }, () => readSpki(sshBlobToSpki(r.bytes()).spki));
  const section = r.bytes();
  const out: ReadOutcome = { items: [], errors: [] };
  const locked = (extra?: { encryption: string }) =>
    publics.map((pk, i) => {
      const item = lockedKeyItem(origin, 'openssh', fileBytes, { algorithm: pk.algorithm, ...(pk.bits ? { bits: pk.bits } : {}), ...(pk.curve ? { curve: pk.curve } : {}), ...extra });
      item.source.index = i;
      return item;
    });
  const finish = (keys: { pkcs8: Uint8Array; comment: string }[], encryption?: string): ReadOutcome => {
    keys.forEach((k, i) => {
      const facts = readPrivateFacts(k.pkcs8, budgetOf(ctx), out.errors);
      if (facts.publicKey && publics[i] && facts.publicKey.spkiSha256 !== publics[i]!.spkiSha256) {
        facts.warnings.push({ code: 'der_invalid', message: 'The public key in the clear does not match the private key' });
      }
      const item: Item = privateKeyItem(origin, 'openssh', k.pkcs8, facts, { ...(encryption ? { encryption } : {}), comment: k.comment });
      item.source.index = i;
      out.items.push(item);
    });
    return out;
  };

  if (cipherName === 'none') {
    const keys = parsePrivateSection(section, n);
    if (!keys) fail('der_invalid', 'OpenSSH private key check values differ in an unencrypted key');
    return finish(keys);
  }

  const description = `OpenSSH ${cipherName}, ${kdfName}`;
  const spec = SSH_CIPHERS[cipherName];
  if (!spec || kdfName !== 'bcrypt') {
    out.items.push(...locked({ encryption: description }));
    out.errors.push({ code: 'unsupported_algorithm', message: `OpenSSH ${spec ? `KDF ${kdfName}` : `cipher ${cipherName}`} is not supported` });
    return out;
  }
  const opts = new SshReader(kdfOptions);
  const salt = opts.bytes();
  const rounds = opts.uint32();
  const encryption = `${description} (${rounds} rounds)`;
  try {
    checkBcryptRounds(rounds);
  } catch (e) {
    if (!(e instanceof ReadFailure)) throw e;
    // Refused without a password too: the file is unusable here either way, and says why.
    out.items.push(...locked({ encryption }));
    out.errors.push(toProblem(e));
    return out;
  }
  const passwords = ctx.passwords.filter((p) => p.length > 0);
  if (passwords.length === 0) {
    out.items.push(...locked({ encryption }));
    if (ctx.passwords.length > 0) out.errors.push(passwordWrong('OpenSSH key', ctx));
    return out;
  }
  if (section.length % spec.blockSize !== 0) fail('der_invalid', 'encrypted OpenSSH section is not a whole number of blocks');
  for (const pw of passwords) {
    let km: Uint8Array;
    try {
      km = await bcryptPbkdf(utf8Encode(pw), salt, rounds, spec.keyLen + spec.ivLen, budgetOf(ctx));
    } catch (e) {
      if (!(e instanceof ReadFailure && e.code === 'limit_exceeded')) throw e;
      out.items.push(...locked({ encryption }));
      out.errors.push(toProblem(e));
      return out;
    }
    const plain = await decryptRaw(spec, km.subarray(0, spec.keyLen), km.subarray(spec.keyLen), section);
    // check1 ≠ check2 is OpenSSH's own "incorrect passphrase" test.
    const keys = parsePrivateSection(plain, n);
    if (keys) return finish(keys, encryption);
  }
  out.items.push(...locked({ encryption }));
  out.errors.push(passwordWrong('OpenSSH key', ctx));
  return out;
}

