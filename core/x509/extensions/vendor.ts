/** Netscape and Microsoft extensions still seen in the wild. */
import { latin1Decode } from '../../bytes.js';
import { children, DerError, expectTag, readBitString, readOid, readSmallInt, TAG } from '../../der.js';
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
