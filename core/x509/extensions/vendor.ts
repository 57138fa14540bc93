/** Netscape and Microsoft extensions still seen in the wild. */
import { latin1Decode, toHex } from '../../bytes.js';
import { children, DerError, expectTag, readBitString, readOid, readSmallInt, TAG, value } from '../../der.js';
import { readAsn1String } from '../../names.js';
import { EKU_NAMES } from '../../oid-names.js';
import { root, setBits, type Decoded } from './util.js';

const NS_TYPES = ['SSL Client', 'SSL Server', 'S/MIME', 'Object Signing', 'Reserved', 'SSL CA', 'S/MIME CA', 'Object Signing CA'] as const;

/** Netscape cert type (2.16.840.1.113730.1.1, Netscape certificate extensions spec): BIT STRING */
export function nsCertType(v: Uint8Array): Decoded {
  return { lines: setBits(readBitString(root(v)).bytes, NS_TYPES) };
}

/** Netscape comment (2.16.840.1.113730.1.13): IA5String */
export function nsComment(v: Uint8Array): Decoded {
  const t = root(v);
  return { lines: [readAsn1String(t)?.value ?? latin1Decode(v)] };
}

/** Microsoft certificate template name (1.3.6.1.4.1.311.20.2, MS-WCCE §2.2.2.7.7.1): BMPString */
export function msTemplateName(v: Uint8Array): Decoded {
  const s = readAsn1String(root(v));
  if (!s) throw new DerError('template name is not a string', 0);
  return { lines: [s.value] };
}

/**
 * Microsoft certificate template (1.3.6.1.4.1.311.21.7, MS-WCCE §2.2.2.7.7.2):
 *   SEQUENCE { templateID OID, templateMajorVersion INTEGER, templateMinorVersion INTEGER OPTIONAL }
 */
export function msTemplate(v: Uint8Array): Decoded {
  const [id, major, minor] = children(expectTag(root(v), TAG.SEQUENCE, 'a CertificateTemplate'));
  if (!id) throw new DerError('CertificateTemplate without an OID', 0);
  const lines = [`Template: ${readOid(id)}`];
  if (major) lines.push(`Major Version: ${readSmallInt(major)}`);
  if (minor) lines.push(`Minor Version: ${readSmallInt(minor)}`);
  return { lines };
}

/** Microsoft application policies (1.3.6.1.4.1.311.21.10): SEQUENCE OF SEQUENCE { policyIdentifier OID, ... } */
export function msApplicationPolicies(v: Uint8Array): Decoded {
  const lines = children(expectTag(root(v), TAG.SEQUENCE, 'ApplicationPolicies')).map((p) => {
    const [id] = children(p);
    if (!id) throw new DerError('application policy without an OID', p.start);
    const oid = readOid(id);
    return EKU_NAMES[oid] ?? oid;
  });
  return { lines };
}

/**
 * Netscape string extensions (Netscape certificate extensions spec): base URL, revocation URLs,
 * renewal URL, CA policy URL, SSL server name: each an IA5String.
 */
export function nsString(v: Uint8Array): Decoded {
  const s = readAsn1String(root(v));
  if (!s) throw new DerError('not a string', 0);
  return { lines: [s.value] };
}

/**
 * Microsoft CA version (1.3.6.1.4.1.311.21.1, MS-WCCE §2.2.2.7.3): INTEGER whose low 16 bits are
 * the certificate index and high 16 bits the key index, shown as certutil does: `V<key>.<cert>`.
 */
export function msCaVersion(v: Uint8Array): Decoded {
  const t = root(v);
  if (t.tag !== TAG.INTEGER) throw new DerError('CA version is not an INTEGER', t.start);
  const n = readSmallInt(t);
  return { lines: [`V${Math.floor(n / 65536)}.${n % 65536}`] };
}

/** Microsoft previous CA certificate hash (1.3.6.1.4.1.311.21.2): OCTET STRING, shown as colon hex. */
export function msPreviousCaHash(v: Uint8Array): Decoded {
  const t = expectTag(root(v), TAG.OCTET_STRING, 'an OCTET STRING');
  return { lines: [toHex(value(t)).toUpperCase().replace(/(..)(?=.)/g, '$1:')] };
}

/** Entrust version information (1.2.840.113533.7.65.0): SEQUENCE { entrustVers GeneralString, entrustInfoFlags BIT STRING OPTIONAL } */
export function entrustVersion(v: Uint8Array): Decoded {
  const [ver] = children(expectTag(root(v), TAG.SEQUENCE, 'EntrustVersionInfo'));
  const s = ver ? readAsn1String(ver) : undefined;
  if (!s) throw new DerError('EntrustVersionInfo without its version string', 0);
  return { lines: [`Version: ${s.value}`] };
}
