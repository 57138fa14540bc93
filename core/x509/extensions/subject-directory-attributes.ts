/**
 * subjectDirectoryAttributes (RFC 5280 §4.2.1.8, attributes of RFC 3739 §3.2.2):
 *   SubjectDirectoryAttributes ::= SEQUENCE SIZE (1..MAX) OF Attribute
 *   Attribute ::= SEQUENCE { type AttributeType, values SET OF AttributeValue }
 */
import { toHex } from '../../bytes.js';
import { children, DerError, encoded, expectTag, readOid, readTime, TAG, type Tlv } from '../../der.js';
import { readAsn1String } from '../../names.js';
import { ATTRIBUTE_NAMES } from '../../oid-names.js';
import { root, type Decoded } from './util.js';

const PERSONAL: Record<string, string> = {
  '1.3.6.1.5.5.7.9.1': 'dateOfBirth',
  '1.3.6.1.5.5.7.9.2': 'placeOfBirth',
  '1.3.6.1.5.5.7.9.3': 'gender',
  '1.3.6.1.5.5.7.9.4': 'countryOfCitizenship',
  '1.3.6.1.5.5.7.9.5': 'countryOfResidence',
};

function valueText(t: Tlv): string {
  const s = readAsn1String(t);
  if (s) return s.value;
  if (t.tag === TAG.GeneralizedTime || t.tag === TAG.UTCTime) return readTime(t);
  if (t.tag === TAG.OID) return readOid(t);
  return '#' + toHex(encoded(t));
}

export function subjectDirectoryAttributes(v: Uint8Array): Decoded {
  const lines = children(expectTag(root(v), TAG.SEQUENCE, 'SubjectDirectoryAttributes')).map((a) => {
    const [type, values] = children(expectTag(a, TAG.SEQUENCE, 'an Attribute'));
    if (!type || !values) throw new DerError('an Attribute needs a type and values', a.start);
    const oid = readOid(type);
    return `${PERSONAL[oid] ?? ATTRIBUTE_NAMES[oid] ?? oid}: ${children(expectTag(values, TAG.SET, 'a SET of values')).map(valueText).join(', ')}`;
  });
  return { lines };
}
