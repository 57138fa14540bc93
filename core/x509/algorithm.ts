/**
 * Signature AlgorithmIdentifier (RFC 5280 §4.1.1.2) → AlgorithmInfo, including the
 * RSASSA-PSS parameters (RFC 4055 §3.1):
 *
 *   RSASSA-PSS-params ::= SEQUENCE {
 *     hashAlgorithm    [0] HashAlgorithm    DEFAULT sha1,
 *     maskGenAlgorithm [1] MaskGenAlgorithm DEFAULT mgf1SHA1,
 *     saltLength       [2] INTEGER          DEFAULT 20,
 *     trailerField     [3] TrailerField     DEFAULT trailerFieldBC }
 */
import { DerError, children, ctx, expectTag, readOid, readSmallInt, TAG, type Tlv } from '../der.js';
import { ALGORITHM_NAMES } from '../oid-names.js';
import { OID } from '../oids.js';
import type { AlgorithmInfo } from '../types.js';

const HASH_OF: Record<string, string> = {
  '1.2.840.113549.1.1.2': 'MD2',
  '1.2.840.113549.1.1.4': 'MD5',
  '1.2.840.113549.1.1.5': 'SHA-1',
  '1.2.840.113549.1.1.11': 'SHA-256',
  '1.2.840.113549.1.1.12': 'SHA-384',
  '1.2.840.113549.1.1.13': 'SHA-512',
  '1.2.840.113549.1.1.14': 'SHA-224',
  '1.2.840.10045.4.1': 'SHA-1',
  '1.2.840.10045.4.3.1': 'SHA-224',
  '1.2.840.10045.4.3.2': 'SHA-256',
  '1.2.840.10045.4.3.3': 'SHA-384',
  '1.2.840.10045.4.3.4': 'SHA-512',
  '1.2.840.10040.4.3': 'SHA-1',
  '2.16.840.1.101.3.4.3.1': 'SHA-224',
  '2.16.840.1.101.3.4.3.2': 'SHA-256',
};

const DIGEST_NAMES: Record<string, string> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
  '2.16.840.1.101.3.4.2.4': 'SHA-224',
  '1.2.840.113549.2.5': 'MD5',
};

function digestOf(algId: Tlv): string {
  expectTag(algId, TAG.SEQUENCE, 'a hash AlgorithmIdentifier');
  const [o] = children(algId);
  if (!o) throw new DerError('AlgorithmIdentifier without an OID', algId.start);
  const oid = readOid(o);
  return DIGEST_NAMES[oid] ?? oid;
}

function readPss(params: Tlv | undefined): { name: string; hash: string } {
  let hash = 'SHA-1';
  let mgfHash = 'SHA-1';
  let salt = 20;
  if (params && params.tag === TAG.SEQUENCE) {
    for (const f of children(params)) {
      const [inner] = children(f);
      if (!inner) continue;
      if (f.tag === ctx(0, true)) hash = digestOf(inner);
      else if (f.tag === ctx(1, true)) {
        const [, mgfParams] = children(inner);
        if (mgfParams) mgfHash = digestOf(mgfParams);
      } else if (f.tag === ctx(2, true)) salt = readSmallInt(inner);
    }
  }
  return { name: `RSASSA-PSS (${hash}, MGF1 ${mgfHash}, salt ${salt})`, hash };
}

/** Throws DerError on structural damage; unknown OIDs are kept with the OID as name. */
export function readAlgorithm(t: Tlv): AlgorithmInfo {
  expectTag(t, TAG.SEQUENCE, 'an AlgorithmIdentifier');
  const [o, params] = children(t);
  if (!o) throw new DerError('AlgorithmIdentifier without an OID', t.start);
  const oid = readOid(o);
  if (oid === OID.rsassaPss) return { oid, ...readPss(params) };
  const info: AlgorithmInfo = { oid, name: ALGORITHM_NAMES[oid] ?? oid };
  const hash = HASH_OF[oid];
  if (hash) info.hash = hash;
  return info;
}
