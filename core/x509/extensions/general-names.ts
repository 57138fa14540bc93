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

export function ipv4Text(b: Uint8Array): string {
  return Array.from(b).join('.');
}

/** RFC 5952 text form: lowercase, the first longest run (two or more) of zero groups compressed. The one IPv6 formatter. */
export function ipv6Text(b: Uint8Array): string {
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
  if (b.length === 4) return ipv4Text(b);
  if (b.length === 16) return ipv6Text(b);
  if (b.length === 8) return `${ipv4Text(b.subarray(0, 4))}/${ipv4Text(b.subarray(4))}`;
  if (b.length === 32) return `${ipv6Text(b.subarray(0, 16))}/${ipv6Text(b.subarray(16))}`;
  throw new DerError(`an IP address of ${b.length} bytes`, 0);
}

/** An IA5String name as text; bytes outside printable ASCII are kept (Latin-1) but noted. */
function ia5(v: Uint8Array, what: string, notes?: string[]): string {
  for (const b of v) {
    if (b < 0x20 || b > 0x7e) {
      notes?.push(`the ${what} "${latin1Decode(v)}" has a byte outside printable ASCII (0x${b.toString(16).padStart(2, '0')})`);
      break;
    }
  }
  return latin1Decode(v);
}

/**
 * Where a certificate names itself, iPAddress is 4 or 16 octets; in name constraints it is
 * address and mask, 8 or 32 (RFC 5280 §4.2.1.6, §4.2.1.10). `notes` receives DER-profile breaches.
 */
export function readGeneralName(t: Tlv, notes?: string[], role: 'name' | 'constraint' = 'name'): GeneralName {
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
      return { type: 'email', value: ia5(v, 'rfc822Name', notes) };
    case 2:
      return { type: 'dns', value: ia5(v, 'dNSName', notes) };
    case 4: {
      const [name] = children(t);
      if (!name) throw new DerError('empty directoryName', t.start);
      const dn = readName(name);
      return { type: 'dirName', value: dn.text, derHex: dn.derHex };
    }
    case 6:
      return { type: 'uri', value: ia5(v, 'URI', notes) };
    case 7: {
      const want = role === 'name' ? [4, 16] : [8, 32];
      if (!want.includes(v.length)) notes?.push(`an iPAddress of ${v.length} octets where ${role === 'name' ? 'a name has 4 or 16' : 'a constraint has 8 or 32'}`);
      return { type: 'ip', value: formatIp(v), bytesHex: toHex(v) };
    }
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

/** GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName: an empty list is noted. */
export function readGeneralNames(t: Tlv, notes?: string[]): GeneralName[] {
  const names = children(t, undefined, MAX_GENERAL_NAMES, 'one list of names').map((g) => readGeneralName(g, notes));
  if (names.length === 0) notes?.push('an empty GeneralNames list (SIZE 1..MAX)');
  return names;
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
