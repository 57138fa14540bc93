/**
 * `traditional`: one private key in the form OpenSSL wrote before PKCS#8, for software that
 * wants nothing else: PKCS#1 `RSA PRIVATE KEY`, SEC1 `EC PRIVATE KEY` (with its named curve and
 * public point, so it stands alone), OpenSSL's `DSA PRIVATE KEY`.
 *
 * Never encrypted: the only encryption these forms have is OpenSSL's `Proc-Type: 4,ENCRYPTED`,
 * whose key is one MD5 of password and salt (EVP_BytesToKey, one iteration). A GPU tries
 * billions of passwords a second against it, so a file written that way only looks protected.
 * With a password the writer refuses and points at `pkcs8`, which every current tool reads.
 */
import { utf8Encode } from '../bytes.js';
import { children, encoded, readOid, readRoot, TAG, value } from '../der.js';
import { OID } from '../oids.js';
import type { PrivateKeyItem } from '../types.js';
import { der } from './der-encode.js';
import { pemText } from './pem-armor.js';
import { describe, makeWriter, pickPrivateKey, publicOfKey, type Plan } from './select.js';
import { identity } from './readback.js';
import { WriteError } from './types.js';

export interface Traditional {
  label: 'RSA PRIVATE KEY' | 'EC PRIVATE KEY' | 'DSA PRIVATE KEY';
  der: Uint8Array;
}

/** The raw key inside the SPKI BIT STRING (RSAPublicKey DER, EC point, DSA y INTEGER). */
export function spkiKeyBytes(spki: Uint8Array): Uint8Array {
  return value(children(readRoot(spki))[1]!).subarray(1);
}

/**
 * PKCS#8 → traditional, or undefined when the key has no traditional form (EdDSA, X25519/X448,
 * RSA-PSS, whose parameters PKCS#1 cannot carry; EC on explicit parameters). `spki` supplies
 * the EC public point and DSA y, which PKCS#8 may leave out.
 */
export function toTraditional(pkcs8: Uint8Array, spki: Uint8Array): Traditional | undefined {
  const [, algId, priv] = children(readRoot(pkcs8));
  const [oidT, params] = children(algId!);
  const oid = readOid(oidT!);
  const inner = value(priv!);
  if (oid === OID.rsaEncryption) return { label: 'RSA PRIVATE KEY', der: inner.slice() };
  if (oid === OID.ecPublicKey && params?.tag === TAG.OID) {
    // SEC1 version 1, the scalar as it is, the curve, the public point (RFC 5915 §3).
    const scalar = children(readRoot(inner))[1]!;
    return {
      label: 'EC PRIVATE KEY',
      der: der.seq(der.int(1), encoded(scalar), der.explicit(0, encoded(params)), der.explicit(1, der.bits(spkiKeyBytes(spki)))),
    };
  }
  if (oid === OID.dsa && params?.tag === TAG.SEQUENCE) {
    // OpenSSL's DSAPrivateKey: SEQUENCE { version 0, p, q, g, y (public), x (private) }.
    const [p, q, g] = children(params).map(value);
    const y = value(readRoot(spkiKeyBytes(spki)));
    const x = value(readRoot(inner));
    return { label: 'DSA PRIVATE KEY', der: der.seq(der.int(0), ...[p!, q!, g!, y, x].map((b) => der.uint(b))) };
  }
  return undefined;
}

interface KeyPlan extends Plan {
  index: number;
  key: Traditional;
}

export const traditionalWriter = makeWriter<KeyPlan>(
  'traditional',
  (items, opts) => {
    const { index, key } = pickPrivateKey(items, opts, 'a traditional key file');
    const spki = publicOfKey(items, index, opts).spki;
    const trad = toTraditional(key.der, spki);
    if (!trad) throw new WriteError('unsupported', `The ${describe(items, index, opts)} has no traditional (PKCS#1 / SEC1) form: ${why(key)}; write it as PKCS#8 instead.`);
    if (opts.password !== undefined) {
      throw new WriteError(
        'unsupported',
        'A traditional key can only be encrypted with OpenSSL\'s old scheme (one MD5 round), which does not resist password guessing: write it as PKCS#8 to protect it with a password, or without one.',
      );
    }
    return { index, key: trad, sensitivity: 'private', notes: [], expected: [identity(key)] };
  },
  async (plan, _items, opts) => [{ name: opts.fileName, bytes: utf8Encode(pemText(plan.key.label, plan.key.der)), sensitivity: 'private' }],
);

function why(key: PrivateKeyItem): string {
  switch (key.algorithm) {
    case 'RSA-PSS':
      return 'PKCS#1 cannot carry the RSA-PSS restriction';
    case 'EC':
      return 'its curve is given by explicit parameters';
    case undefined:
    case 'unknown':
      return 'its algorithm is not one PKCS#1, SEC1 or OpenSSL\'s DSA form holds';
    default:
      return `${key.algorithm} keys exist only as PKCS#8`;
  }
}
