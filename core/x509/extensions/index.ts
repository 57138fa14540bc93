/**
 * Extensions (RFC 5280 §4.1.2.9):
 *   Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension
 *   Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
 * Every extension is kept: decoded, `unknown` (no decoder for the OID) or `malformed` (the decoder
 * failed), the latter two with the raw hex.
 */
import { toHex } from '../../bytes.js';
import { children, encoded, readOid, TAG, value, type Tlv } from '../../der.js';
import { EXTENSION_NAMES } from '../../oid-names.js';
import type { ExtensionInfo } from '../../types.js';
import { certificateIssuer, issuerAltName, subjectAltName } from './alt-name.js';
import { basicConstraints } from './basic-constraints.js';
import { crlDistributionPoints } from './crl-distribution-points.js';
import { crlNumber, crlReason, holdInstructionCode, invalidityDate } from './crl-entry.js';
import { ctPrecertificatePoison } from './ct-poison.js';
import { extKeyUsage } from './ext-key-usage.js';
import { authorityInfoAccess, subjectInfoAccess } from './info-access.js';
import { authorityKeyIdentifier, subjectKeyIdentifier } from './key-identifiers.js';
import { issuingDistributionPoint } from './issuing-distribution-point.js';
import { keyUsage } from './key-usage.js';
import { logotype } from './logotype.js';
import { nameConstraints } from './name-constraints.js';
import { ocspNoCheck } from './ocsp-no-check.js';
import { certificatePolicies, inhibitAnyPolicy, policyConstraints, policyMappings } from './policies.js';
import { privateKeyUsagePeriod } from './private-key-usage-period.js';
import { qcStatements } from './qc-statements.js';
import { sctList } from './sct.js';
import { subjectDirectoryAttributes } from './subject-directory-attributes.js';
import { tlsFeature } from './tls-feature.js';
import type { Decoder } from './util.js';
import { entrustVersion, msApplicationPolicies, msCaVersion, msPreviousCaHash, msTemplate, msTemplateName, nsCertType, nsComment, nsString } from './vendor.js';

export const DECODERS: Record<string, Decoder> = {
  '2.5.29.14': subjectKeyIdentifier,
  '2.5.29.15': keyUsage,
  '2.5.29.17': subjectAltName,
  '2.5.29.18': issuerAltName,
  '2.5.29.19': basicConstraints,
  '2.5.29.20': crlNumber,
  '2.5.29.21': crlReason,
  '2.5.29.24': invalidityDate,
  '2.5.29.27': crlNumber,
  '2.5.29.30': nameConstraints,
  '2.5.29.31': crlDistributionPoints,
  '2.5.29.32': certificatePolicies,
  '2.5.29.33': policyMappings,
  '2.5.29.35': authorityKeyIdentifier,
  '2.5.29.36': policyConstraints,
  '2.5.29.37': extKeyUsage,
  '2.5.29.46': crlDistributionPoints,
  '2.5.29.54': inhibitAnyPolicy,
  '1.3.6.1.5.5.7.1.1': authorityInfoAccess,
  '1.3.6.1.5.5.7.1.11': subjectInfoAccess,
  '1.3.6.1.4.1.11129.2.4.2': sctList,
  '1.3.6.1.5.5.7.1.24': tlsFeature,
  '2.16.840.1.113730.1.1': nsCertType,
  '2.16.840.1.113730.1.13': nsComment,
  '1.3.6.1.4.1.311.20.2': msTemplateName,
  '1.3.6.1.4.1.311.21.7': msTemplate,
  '1.3.6.1.4.1.311.21.10': msApplicationPolicies,
  '2.5.29.9': subjectDirectoryAttributes,
  '2.5.29.16': privateKeyUsagePeriod,
  '2.5.29.23': holdInstructionCode,
  '2.5.29.28': issuingDistributionPoint,
  '2.5.29.29': certificateIssuer,
  '1.3.6.1.5.5.7.48.1.5': ocspNoCheck,
  '1.3.6.1.4.1.11129.2.4.3': ctPrecertificatePoison,
  '1.3.6.1.5.5.7.1.3': qcStatements,
  '1.3.6.1.5.5.7.1.12': logotype,
  '2.16.840.1.113730.1.2': nsString,
  '2.16.840.1.113730.1.3': nsString,
  '2.16.840.1.113730.1.4': nsString,
  '2.16.840.1.113730.1.7': nsString,
  '2.16.840.1.113730.1.8': nsString,
  '2.16.840.1.113730.1.12': nsString,
  '1.3.6.1.4.1.311.21.1': msCaVersion,
  '1.3.6.1.4.1.311.21.2': msPreviousCaHash,
  '1.2.840.113533.7.65.0': entrustVersion,
};

/**
 * Longest extnValue kept as `rawHex` in full (64 KiB; real ones are under 4 KiB). Past it, the
 * first 64 KiB and `rawOctets`: a 50 MB value would be a 100 MB string per extension.
 */
export const MAX_RAW_HEX_OCTETS = 65_536;

const rawOf = (v: Uint8Array) => (v.length > MAX_RAW_HEX_OCTETS ? { rawHex: toHex(v.subarray(0, MAX_RAW_HEX_OCTETS)), rawOctets: v.length } : { rawHex: toHex(v) });

/** Decodes one extension value; never throws. */
export function decodeExtension(oid: string, critical: boolean, extnValue: Uint8Array): ExtensionInfo {
  const name = EXTENSION_NAMES[oid] ?? oid;
  const { rawHex, rawOctets } = rawOf(extnValue);
  const big = rawOctets === undefined ? {} : { rawOctets };
  const decoder = DECODERS[oid];
  if (!decoder) return { oid, name, critical, lines: [], rawHex, ...big, status: 'unknown' };
  try {
    const d = decoder(extnValue);
    const info: ExtensionInfo = { oid, name, critical, lines: d.lines, rawHex, ...big, status: 'decoded' };
    if (d.data) info.data = d.data;
    if (d.notes?.length) info.notes = d.notes;
    return info;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { oid, name, critical, lines: [`malformed: ${why}`], rawHex, ...big, status: 'malformed' };
  }
}

function readExtension(ext: Tlv): ExtensionInfo {
  try {
    const fields = children(ext);
    const oid = readOid(fields[0]!);
    let critical = false;
    let octets = fields[1];
    if (octets && octets.tag === TAG.BOOLEAN) {
      critical = value(octets)[0] !== 0;
      octets = fields[2];
    }
    if (!octets || octets.tag !== TAG.OCTET_STRING) {
      return { oid, name: EXTENSION_NAMES[oid] ?? oid, critical, lines: ['malformed: no extnValue'], ...rawOf(encoded(ext)), status: 'malformed' };
    }
    return decodeExtension(oid, critical, value(octets));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { oid: '', name: '(unreadable extension)', critical: false, lines: [`malformed: ${why}`], ...rawOf(encoded(ext)), status: 'malformed' };
  }
}

/** Reads `Extensions` (the SEQUENCE OF, not its [3] wrapper). Throws only if the list itself is broken. */
export function readExtensions(t: Tlv): ExtensionInfo[] {
  return children(t, undefined, MAX_EXTENSIONS, 'one list of extensions').map(readExtension);
}

/** Most extensions one certificate, CSR, CRL or CRL entry may carry (real ones: under 20). */
export const MAX_EXTENSIONS = 1000;
