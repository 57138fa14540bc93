/**
 * authorityInfoAccess (RFC 5280 §4.2.2.1) and subjectInfoAccess (§4.2.2.2):
 *   AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF AccessDescription
 *   AccessDescription ::= SEQUENCE { accessMethod OBJECT IDENTIFIER, accessLocation GeneralName }
 */
import { children, DerError, expectTag, readOid, TAG } from '../../der.js';
import { oidLabel } from '../../oid-names.js';
import { generalNameLine, readGeneralName } from './general-names.js';
import { root, type Decoded } from './util.js';

const OCSP = '1.3.6.1.5.5.7.48.1';
const CA_ISSUERS = '1.3.6.1.5.5.7.48.2';
/** Access methods (RFC 5280 §4.2.2, RFC 6487 §4.8.8) by the names OpenSSL prints. */
const METHODS: Record<string, string> = {
  [OCSP]: 'OCSP',
  [CA_ISSUERS]: 'CA Issuers',
  '1.3.6.1.5.5.7.48.3': 'Time Stamping',
  '1.3.6.1.5.5.7.48.5': 'CA Repository',
  '1.3.6.1.5.5.7.48.10': 'RPKI Manifest',
  '1.3.6.1.5.5.7.48.11': 'Signed Object',
  '1.3.6.1.5.5.7.48.13': 'RPKI Notify',
};
const methodName = (oid: string) => METHODS[oid] ?? oidLabel(oid);

/** AccessDescriptions; an empty list (SIZE 1..MAX) is noted in `notes`. */
function accessDescriptions(v: Uint8Array, notes: string[]) {
  const list = children(expectTag(root(v), TAG.SEQUENCE, 'AccessDescriptions')).map((ad) => {
    const [m, loc] = children(expectTag(ad, TAG.SEQUENCE, 'an AccessDescription'));
    if (!m || !loc) throw new DerError('AccessDescription needs a method and a location', ad.start);
    return { method: readOid(m), name: readGeneralName(loc, notes) };
  });
  if (list.length === 0) notes.push('an empty list of AccessDescriptions (SIZE 1..MAX)');
  return list;
}

export function authorityInfoAccess(v: Uint8Array): Decoded {
  const ocsp: string[] = [];
  const caIssuers: string[] = [];
  const lines: string[] = [];
  const notes: string[] = [];
  for (const { method, name } of accessDescriptions(v, notes)) {
    if (method === OCSP) ocsp.push(name.value);
    if (method === CA_ISSUERS) caIssuers.push(name.value);
    lines.push(`${methodName(method)} - ${generalNameLine(name)}`);
  }
  return { lines, data: { type: 'authorityInfoAccess', ocsp, caIssuers }, notes };
}

export function subjectInfoAccess(v: Uint8Array): Decoded {
  const notes: string[] = [];
  return { lines: accessDescriptions(v, notes).map(({ method, name }) => `${methodName(method)} - ${generalNameLine(name)}`), notes };
}
