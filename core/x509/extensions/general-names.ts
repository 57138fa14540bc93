/**
 * GeneralName (RFC 5280 §4.2.1.6), shared by SAN, IAN, AKI, CRL DP, AIA and name constraints.
 *
 *   GeneralName ::= CHOICE {
 *     otherName [0] AnotherName, rfc822Name [1] IA5String, dNSName [2] IA5String,
 *     x400Address [3] ORAddress, directoryName [4] Name, ediPartyName [5] EDIPartyName,
 *     uniformResourceIdentifier [6] IA5String, iPAddress [7] OCTET STRING, registeredID [8] OID }
 */
import { latin1Decode, toHex } from '../../bytes.js';
import { DerError, children, decodeOid, TAG, value, type Tlv } from '../../der.js';
import { readAsn1String, readName } from '../../names.js';
import { oidLabel } from '../../oid-names.js';
import type { GeneralName } from '../../types.js';

const UPN = '1.3.6.1.4.1.311.20.2.3';

function ipv4(b: Uint8Array): string {
  return Array.from(b).join('.');
}

/** RFC 5952 text form: lowercase, longest run of zero groups compressed. */
function ipv6(b: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((b[i]! << 8) | b[i + 1]!);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** IP address octets: 4 or 16 bytes, or (name constraints) 8 or 32 bytes of address + mask. */
export function formatIp(b: Uint8Array): string {
  if (b.length === 4) return ipv4(b);
  if (b.length === 16) return ipv6(b);
  if (b.length === 8) return `${ipv4(b.subarray(0, 4))}/${ipv4(b.subarray(4))}`;
  if (b.length === 32) return `${ipv6(b.subarray(0, 16))}/${ipv6(b.subarray(16))}`;
  throw new DerError(`an IP address of ${b.length} bytes`, 0);
}

export function readGeneralName(t: Tlv): GeneralName {
  if (t.tagClass !== 2) throw new DerError('GeneralName must be context-tagged', t.start);
  const v = value(t);
  switch (t.tagNumber) {
    case 0: {
      const [o, wrapped] = children(t);
      if (!o || o.tag !== TAG.OID) throw new DerError('otherName without a type OID', t.start);
      const oid = decodeOid(value(o), o.start);
      const inner = wrapped && wrapped.constructed ? children(wrapped)[0] : undefined;
      const str = inner ? readAsn1String(inner) : undefined;
      const label = oid === UPN ? 'UPN' : oidLabel(oid);
      return { type: 'otherName', oid, value: `${label}:${str ? str.value : inner ? toHex(value(inner)) : ''}` };
    }
    case 1:
      return { type: 'email', value: latin1Decode(v) };
    case 2:
      return { type: 'dns', value: latin1Decode(v) };
    case 4: {
      const [name] = children(t);
      if (!name) throw new DerError('empty directoryName', t.start);
      const dn = readName(name);
      return { type: 'dirName', value: dn.text, derHex: dn.derHex };
    }
    case 6:
      return { type: 'uri', value: latin1Decode(v) };
    case 7:
      return { type: 'ip', value: formatIp(v), bytesHex: toHex(v) };
    case 8:
      return { type: 'registeredID', value: decodeOid(v, t.start) };
    default:
      return { type: 'other', value: `[${t.tagNumber}] ${toHex(v)}` };
  }
}

/**
 * Most names one GeneralNames list may hold. The largest real subjectAltNames hold a few
 * thousand (CDN certificates); each name is an object and a display line.
 */
export const MAX_GENERAL_NAMES = 10_000;

export function readGeneralNames(t: Tlv): GeneralName[] {
  return children(t, undefined, MAX_GENERAL_NAMES, 'one list of names').map(readGeneralName);
}

/** One display line per name, in OpenSSL's vocabulary (`DNS:`, `IP Address:`, `email:`, ...). */
export function generalNameLine(n: GeneralName): string {
  switch (n.type) {
    case 'dns':
      return `DNS:${n.value}`;
    case 'ip':
      return `IP Address:${n.value}`;
    case 'email':
      return `email:${n.value}`;
    case 'uri':
      return `URI:${n.value}`;
    case 'dirName':
      return `DirName:${n.value}`;
    case 'registeredID':
      return `Registered ID:${oidLabel(n.value)}`;
    case 'otherName':
      return `othername:${n.value}`;
    case 'other':
      return `other:${n.value}`;
  }
}
