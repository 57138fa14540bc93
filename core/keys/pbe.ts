/**
 * Password-based encryption schemes named by an AlgorithmIdentifier: PBES2 (PBKDF2 or scrypt
 * with AES/3DES/DES), PBES1 and the PKCS#12 PBE family. Shared by EncryptedPrivateKeyInfo and
 * PKCS#12 (shrouded key bags, encryptedData).
 *
 * `parsePbe` validates everything it can without a password (support, limits), so an
 * unsupported or hostile scheme is reported even when no password is given.
 */
import { DerError, TAG, children, expectTag, readOid, readSmallInt, value, type Tlv } from '../der.js';
import { CIPHERS, decryptCbc, type CipherSpec } from '../crypto/cipher.js';
import type { WorkBudget } from '../budget.js';
import { fail, checkLimit, LIMITS } from '../crypto/errors.js';
import { PKCS12_IV, PKCS12_KEY, checkPbkdf2, checkPkcs12Kdf, checkScrypt, pbkdf1, pbkdf2, pkcs12Kdf, scrypt, type HashName } from '../crypto/kdf.js';

/** A password in both encodings schemes need. */
export interface Secret {
  utf8: Uint8Array;
  /** BMPString with terminator (PKCS#12 KDF); empty for OpenSSL's "zero-length" variant. */
  bmp: Uint8Array;
}

export interface PbeScheme {
  description: string;
  /**
   * Plaintext, or undefined when the padding shows the password is wrong. Throws ReadFailure
   * `limit_exceeded` when the file's budget has no room for the key derivation.
   */
  decrypt(secret: Secret, data: Uint8Array, budget: WorkBudget): Promise<Uint8Array | undefined>;
}

export const PBE_OID = {
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  scrypt: '1.3.6.1.4.1.11591.4.11',
  pbmac1: '1.2.840.113549.1.5.14',
} as const;

export const HMAC_PRFS: Record<string, HashName> = {
  '1.2.840.113549.2.7': 'SHA-1',
  '1.2.840.113549.2.8': 'SHA-224',
  '1.2.840.113549.2.9': 'SHA-256',
  '1.2.840.113549.2.10': 'SHA-384',
  '1.2.840.113549.2.11': 'SHA-512',
  '1.2.840.113549.2.12': 'SHA-512/224',
  '1.2.840.113549.2.13': 'SHA-512/256',
};

const PBES2_CIPHERS: Record<string, CipherSpec> = {
  '2.16.840.1.101.3.4.1.2': CIPHERS['AES-128-CBC']!,
  '2.16.840.1.101.3.4.1.22': CIPHERS['AES-192-CBC']!,
  '2.16.840.1.101.3.4.1.42': CIPHERS['AES-256-CBC']!,
  '1.2.840.113549.3.7': CIPHERS['DES-EDE3-CBC']!,
  '1.3.14.3.2.7': CIPHERS['DES-CBC']!,
};

const PBES2_UNSUPPORTED: Record<string, string> = {
  '1.2.840.113549.3.2': 'RC2-CBC',
  '2.16.840.1.101.3.4.1.6': 'AES-128-GCM',
  '2.16.840.1.101.3.4.1.46': 'AES-256-GCM',
};

const PBES1: Record<string, { hash: HashName; cipher: CipherSpec; name: string }> = {
  '1.2.840.113549.1.5.3': { hash: 'MD5', cipher: CIPHERS['DES-CBC']!, name: 'pbeWithMD5AndDES-CBC' },
  '1.2.840.113549.1.5.10': { hash: 'SHA-1', cipher: CIPHERS['DES-CBC']!, name: 'pbeWithSHA1AndDES-CBC' },
  '1.2.840.113549.1.5.6': { hash: 'MD5', cipher: { name: 'RC2-CBC', keyLen: 8, ivLen: 8, blockSize: 8, rc2Bits: 64 }, name: 'pbeWithMD5AndRC2-CBC' },
  '1.2.840.113549.1.5.11': { hash: 'SHA-1', cipher: { name: 'RC2-CBC', keyLen: 8, ivLen: 8, blockSize: 8, rc2Bits: 64 }, name: 'pbeWithSHA1AndRC2-CBC' },
};

const PKCS12_PBE: Record<string, { cipher?: CipherSpec; name: string; twoKey?: boolean }> = {
  '1.2.840.113549.1.12.1.1': { name: 'pbeWithSHAAnd128BitRC4' },
  '1.2.840.113549.1.12.1.2': { name: 'pbeWithSHAAnd40BitRC4' },
  '1.2.840.113549.1.12.1.3': { cipher: CIPHERS['DES-EDE3-CBC']!, name: 'pbeWithSHAAnd3-KeyTripleDES-CBC' },
  '1.2.840.113549.1.12.1.4': { cipher: { ...CIPHERS['DES-EDE3-CBC']!, keyLen: 24 }, name: 'pbeWithSHAAnd2-KeyTripleDES-CBC', twoKey: true },
  '1.2.840.113549.1.12.1.5': { cipher: { name: 'RC2-CBC', keyLen: 16, ivLen: 8, blockSize: 8, rc2Bits: 128 }, name: 'pbeWithSHAAnd128BitRC2-CBC' },
  '1.2.840.113549.1.12.1.6': { cipher: { name: 'RC2-CBC', keyLen: 5, ivLen: 8, blockSize: 8, rc2Bits: 40 }, name: 'pbewithSHAAnd40BitRC2-CBC' },
};

function seq(t: Tlv | undefined, what: string): Tlv[] {
  if (!t) fail('der_invalid', `missing ${what}`);
  expectTag(t, TAG.SEQUENCE, what);
  return children(t);
}

function octets(t: Tlv | undefined, what: string): Uint8Array {
  if (!t) fail('der_invalid', `missing ${what}`);
  expectTag(t, TAG.OCTET_STRING, what);
  return value(t);
}

function count(t: Tlv | undefined, what: string): number {
  if (!t) fail('der_invalid', `missing ${what}`);
  try {
    return readSmallInt(t);
  } catch (e) {
    // A count too large to read is a hostile parameter, not a malformed one.
    if (e instanceof DerError && /too large/.test(e.message)) fail('limit_exceeded', `${what} is far above any limit`);
    throw e;
  }
}

export type Kdf = { description: string; derive(password: Uint8Array, keyLen: number, budget: WorkBudget): Promise<Uint8Array>; keyLen?: number };

export function parseKdf(t: Tlv | undefined): Kdf {
  const [oidT, paramsT] = seq(t, 'the key derivation AlgorithmIdentifier');
  if (!oidT) fail('der_invalid', 'KDF AlgorithmIdentifier without an OID');
  const oid = readOid(oidT);
  if (oid === PBE_OID.pbkdf2) {
    const [saltT, iterT, ...rest] = seq(paramsT, 'PBKDF2-params');
    if (saltT?.tag !== TAG.OCTET_STRING) fail('unsupported_algorithm', 'PBKDF2 with a non-octet-string salt source is not supported');
    const salt = value(saltT);
    const iterations = count(iterT, 'the PBKDF2 iteration count');
    checkLimit(iterations <= LIMITS.pbkdf2Iterations, `PBKDF2 iteration count ${iterations.toLocaleString('en-US')} is above the limit of ${LIMITS.pbkdf2Iterations.toLocaleString('en-US')}`);
    let keyLen: number | undefined;
    let prf: HashName = 'SHA-1';
    for (const r of rest) {
      if (r.tag === TAG.INTEGER) keyLen = count(r, 'the PBKDF2 key length');
      else if (r.tag === TAG.SEQUENCE) {
        const prfOid = children(r)[0];
        const name = prfOid ? HMAC_PRFS[readOid(prfOid)] : undefined;
        if (!name) fail('unsupported_algorithm', `PBKDF2 PRF ${prfOid ? readOid(prfOid) : '?'} is not supported`);
        prf = name;
      }
    }
    // The key length is known only with the cipher: 32 bytes covers every cipher here.
    checkPbkdf2(prf, iterations, keyLen ?? 32);
    const kdf: Kdf = {
      description: `PBKDF2-HMAC-${prf.replace('-', '')}, ${iterations} iteration${iterations === 1 ? "" : "s"}`,
      derive: (pw, len, budget) => pbkdf2(prf, pw, salt, iterations, keyLen ?? len, budget),
    };
    if (keyLen !== undefined) kdf.keyLen = keyLen;
    return kdf;
  }
  if (oid === PBE_OID.scrypt) {
    const [saltT, nT, rT, pT, lenT] = seq(paramsT, 'scrypt-params');
    const salt = octets(saltT, 'the scrypt salt');
    const N = count(nT, 'the scrypt cost N');
    const r = count(rT, 'the scrypt block size r');
    const p = count(pT, 'the scrypt parallelization p');
    checkScrypt(N, r, p);
    const keyLen = lenT ? count(lenT, 'the scrypt key length') : undefined;
    const kdf: Kdf = { description: `scrypt N=${N} r=${r} p=${p}`, derive: (pw, len, budget) => scrypt(pw, salt, N, r, p, keyLen ?? len, budget) };
    if (keyLen !== undefined) kdf.keyLen = keyLen;
    return kdf;
  }
  fail('unsupported_algorithm', `key derivation function ${oid} is not supported`);
}

function cipherName(spec: CipherSpec): string {
  return spec.name;
}

/** Parses an encryption AlgorithmIdentifier. Throws ReadFailure (unsupported/limit) or DerError. */
export function parsePbe(algId: Tlv): PbeScheme {
  const [oidT, paramsT] = seq(algId, 'the encryption AlgorithmIdentifier');
  if (!oidT) fail('der_invalid', 'encryption AlgorithmIdentifier without an OID');
  const oid = readOid(oidT);

  if (oid === PBE_OID.pbes2) {
    const [kdfT, encT] = seq(paramsT, 'PBES2-params');
    const kdf = parseKdf(kdfT);
    const [encOidT, ivT] = seq(encT, 'the PBES2 encryption scheme');
    if (!encOidT) fail('der_invalid', 'PBES2 encryption scheme without an OID');
    const encOid = readOid(encOidT);
    const spec = PBES2_CIPHERS[encOid];
    if (!spec) fail('unsupported_algorithm', `PBES2 cipher ${PBES2_UNSUPPORTED[encOid] ?? encOid} is not supported`);
    const iv = octets(ivT, 'the PBES2 IV');
    if (iv.length !== spec.ivLen) fail('der_invalid', `${spec.name} IV has ${iv.length} bytes, expected ${spec.ivLen}`);
    if (kdf.keyLen !== undefined && kdf.keyLen !== spec.keyLen) fail('der_invalid', `PBES2 key length ${kdf.keyLen} does not fit ${spec.name}`);
    return {
      description: `PBES2 (${kdf.description}, ${cipherName(spec)})`,
      decrypt: async (s, data, budget) => decryptCbc(spec, await kdf.derive(s.utf8, spec.keyLen, budget), iv, data),
    };
  }

  const v1 = PBES1[oid];
  if (v1) {
    const [saltT, iterT] = seq(paramsT, 'PBEParameter');
    const salt = octets(saltT, 'the PBE salt');
    const iterations = count(iterT, 'the PBE iteration count');
    checkLimit(iterations <= LIMITS.pbkdf1Iterations, `PBE iteration count ${iterations.toLocaleString('en-US')} is above the limit of ${LIMITS.pbkdf1Iterations.toLocaleString('en-US')}`);
    return {
      description: `PBES1 ${v1.name}, ${iterations} iteration${iterations === 1 ? "" : "s"}`,
      decrypt: async (s, data, budget) => {
        const dk = await pbkdf1(v1.hash, s.utf8, salt, iterations, budget);
        return decryptCbc(v1.cipher, dk.subarray(0, 8), dk.subarray(8, 16), data);
      },
    };
  }

  const p12 = PKCS12_PBE[oid];
  if (p12) {
    if (!p12.cipher) fail('unsupported_algorithm', `${p12.name} (RC4) is not supported`);
    const spec = p12.cipher;
    const [saltT, iterT] = seq(paramsT, 'pkcs-12PbeParams');
    const salt = octets(saltT, 'the PBE salt');
    const iterations = count(iterT, 'the PBE iteration count');
    checkPkcs12Kdf(iterations, 'PBE iteration count');
    return {
      description: `${p12.name}, ${iterations} iteration${iterations === 1 ? "" : "s"}`,
      decrypt: async (s, data, budget) => {
        let key = await pkcs12Kdf('SHA-1', s.bmp, salt, PKCS12_KEY, iterations, p12.twoKey ? 16 : spec.keyLen, budget);
        if (p12.twoKey) key = Uint8Array.from([...key, ...key.subarray(0, 8)]);
        const iv = await pkcs12Kdf('SHA-1', s.bmp, salt, PKCS12_IV, iterations, spec.ivLen, budget);
        return decryptCbc(spec, key, iv, data);
      },
    };
  }
  fail('unsupported_algorithm', `encryption algorithm ${oid} is not supported`);
}
