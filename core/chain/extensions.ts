/**
 * The extensions path validation depends on, decoded strictly into ExtensionData
 * (RFC 5280 §4.2). A structurally broken extension is `malformed` (the validator rejects it);
 * an OID we do not decode is `unknown` (rejected only when critical).
 *
 *   Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
 */
import { latin1Decode, toHex } from '../bytes.js';
import { DerError, TAG, children, ctx, encoded, expectTag, readBitString, readOid, readRoot, readSmallInt, uintText, value, type Tlv } from '../der.js';
import { readName } from '../names.js';
import type { ExtensionData, ExtensionInfo, GeneralName, Problem } from '../types.js';

const NAMES: Record<string, string> = {
  '2.5.29.14': 'subjectKeyIdentifier',
  '2.5.29.15': 'keyUsage',
  '2.5.29.17': 'subjectAltName',
  '2.5.29.18': 'issuerAltName',
  '2.5.29.19': 'basicConstraints',
  '2.5.29.20': 'cRLNumber',
  '2.5.29.21': 'cRLReason',
  '2.5.29.30': 'nameConstraints',
  '2.5.29.31': 'cRLDistributionPoints',
  '2.5.29.32': 'certificatePolicies',
  '2.5.29.33': 'policyMappings',
  '2.5.29.35': 'authorityKeyIdentifier',
  '2.5.29.36': 'policyConstraints',
  '2.5.29.37': 'extKeyUsage',
  '2.5.29.54': 'inhibitAnyPolicy',
  '1.3.6.1.5.5.7.1.1': 'authorityInfoAccess',
};

const KU = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'];
const REASONS = ['unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', 'unused', 'removeFromCRL', 'privilegeWithdrawn', 'aACompromise'];

function ia5(t: Tlv): string {
  const v = value(t);
  for (const b of v) if (b > 0x7e || b < 0x20) throw new DerError('non-ASCII character in an IA5String name', t.start);
  return latin1Decode(v);
}

function ipText(b: Uint8Array): string {
  if (b.length === 4) return Array.from(b).join('.');
  if (b.length === 16) {
    const parts: string[] = [];
    for (let i = 0; i < 16; i += 2) parts.push(((b[i]! << 8) | b[i + 1]!).toString(16));
    return parts.join(':');
  }
  return toHex(b);
}

/** GeneralName (RFC 5280 §4.2.1.6); `constraint` reads iPAddress as address+mask. */
export function readGeneralName(t: Tlv, constraint = false): GeneralName {
  switch (t.tag) {
    case ctx(0, true): {
      const [o] = children(t);
      return { type: 'otherName', value: toHex(encoded(t)), oid: o ? readOid(o) : '' };
    }
    case ctx(1, false):
      return { type: 'email', value: ia5(t) };
    case ctx(2, false):
      return { type: 'dns', value: ia5(t) };
    case ctx(4, true): {
      const [n] = children(t);
      if (!n) throw new DerError('empty directoryName', t.start);
      const dn = readName(n);
      return { type: 'dirName', value: dn.text, derHex: dn.derHex };
    }
    case ctx(6, false):
      return { type: 'uri', value: ia5(t) };
    case ctx(7, false): {
      const b = value(t);
      const ok = constraint ? b.length === 8 || b.length === 32 : b.length === 4 || b.length === 16;
      if (!ok) throw new DerError(`iPAddress of ${b.length} bytes`, t.start);
      const half = constraint ? b.length / 2 : b.length;
      const text = ipText(b.subarray(0, half)) + (constraint ? '/' + ipText(b.subarray(half)) : '');
      return { type: 'ip', value: text, bytesHex: toHex(b) };
    }
    case ctx(8, false):
      return { type: 'registeredID', value: toHex(value(t)) };
    default:
      return { type: 'other', value: `[${t.tagNumber}] ${toHex(value(t))}` };
  }
}

function generalNames(t: Tlv, constraint = false): GeneralName[] {
  expectTag(t, TAG.SEQUENCE, 'GeneralNames');
  return children(t).map((c) => readGeneralName(c, constraint));
}

function subtrees(t: Tlv): GeneralName[] {
  const out: GeneralName[] = [];
  // GeneralSubtrees ::= SEQUENCE SIZE (1..MAX): an empty list constrains nothing and is malformed.
  if (children(t).length === 0) throw new DerError('empty GeneralSubtrees', t.start);
  for (const st of children(t)) {
    const [base, ...rest] = children(expectTag(st, TAG.SEQUENCE, 'GeneralSubtree'));
    if (!base) throw new DerError('empty GeneralSubtree', st.start);
    // minimum MUST be zero (the default, so absent) and maximum MUST be absent (§4.2.1.10).
    if (rest.length) throw new DerError('GeneralSubtree minimum/maximum are not allowed', st.start);
    out.push(readGeneralName(base, true));
  }
  return out;
}

function decode(oid: string, v: Tlv, lines: string[]): ExtensionData | undefined {
  switch (oid) {
    case '2.5.29.14':
      return { type: 'subjectKeyIdentifier', keyIdHex: toHex(value(expectTag(v, TAG.OCTET_STRING, 'a key identifier'))) };
    case '2.5.29.15': {
      const { bytes, unusedBits } = readBitString(v);
      const usages: string[] = [];
      KU.forEach((name, bit) => {
        const byte = bytes[bit >> 3];
        if (byte !== undefined && byte & (0x80 >> (bit & 7))) usages.push(name);
      });
      if (bytes.length === 0 || (bytes.length > 0 && unusedBits > 0 && bytes[bytes.length - 1]! & ((1 << unusedBits) - 1))) throw new DerError('bad keyUsage bits', v.start);
      return { type: 'keyUsage', usages };
    }
    case '2.5.29.17':
    case '2.5.29.18': {
      const names = generalNames(v);
      if (names.length === 0) throw new DerError('empty GeneralNames', v.start);
      return { type: oid === '2.5.29.17' ? 'subjectAltName' : 'issuerAltName', names };
    }
    case '2.5.29.19': {
      const f = children(expectTag(v, TAG.SEQUENCE, 'BasicConstraints'));
      let ca = false;
      let k = 0;
      if (f[0]?.tag === TAG.BOOLEAN) {
        ca = value(f[0])[0] !== 0;
        if (!ca) throw new DerError('cA FALSE encoded explicitly (DER forbids the default)', f[0].start);
        k++;
      }
      const out: ExtensionData = { type: 'basicConstraints', ca };
      if (f[k]) out.pathLen = readSmallInt(f[k]!);
      return out;
    }
    case '2.5.29.37': {
      const oids = children(expectTag(v, TAG.SEQUENCE, 'ExtKeyUsageSyntax')).map(readOid);
      if (oids.length === 0) throw new DerError('empty extKeyUsage', v.start);
      return { type: 'extKeyUsage', oids };
    }
    case '2.5.29.35': {
      const out: ExtensionData = { type: 'authorityKeyIdentifier' };
      for (const c of children(expectTag(v, TAG.SEQUENCE, 'AuthorityKeyIdentifier'))) {
        if (c.tag === ctx(0, false)) out.keyIdHex = toHex(value(c));
        else if (c.tag === ctx(1, true)) out.issuer = children(c).map((g) => readGeneralName(g));
        else if (c.tag === ctx(2, false)) out.serialHex = toHex(value(c));
        else throw new DerError('unexpected field in AuthorityKeyIdentifier', c.start);
      }
      return out;
    }
    case '1.3.6.1.5.5.7.1.1': {
      const out = { type: 'authorityInfoAccess' as const, ocsp: [] as string[], caIssuers: [] as string[] };
      const all = children(expectTag(v, TAG.SEQUENCE, 'AuthorityInfoAccessSyntax'));
      if (all.length === 0) throw new DerError('empty authorityInfoAccess', v.start);
      for (const ad of all) {
        const [m, loc] = children(expectTag(ad, TAG.SEQUENCE, 'AccessDescription'));
        if (!m || !loc) throw new DerError('AccessDescription needs a method and a location', ad.start);
        const method = readOid(m);
        const name = readGeneralName(loc);
        if (method === '1.3.6.1.5.5.7.48.1') out.ocsp.push(name.value);
        else if (method === '1.3.6.1.5.5.7.48.2') out.caIssuers.push(name.value);
      }
      return out;
    }
    case '2.5.29.31': {
      const uris: string[] = [];
      for (const dp of children(expectTag(v, TAG.SEQUENCE, 'CRLDistributionPoints'))) {
        for (const f of children(dp)) {
          if (f.tag !== ctx(0, true)) continue;
          const [full] = children(f);
          if (full?.tag === ctx(0, true)) for (const g of children(full)) { const n = readGeneralName(g); if (n.type === 'uri') uris.push(n.value); }
        }
      }
      return { type: 'crlDistributionPoints', uris };
    }
    case '2.5.29.30': {
      const out = { type: 'nameConstraints' as const, permitted: [] as GeneralName[], excluded: [] as GeneralName[] };
      const parts = children(expectTag(v, TAG.SEQUENCE, 'NameConstraints'));
      if (parts.length === 0) throw new DerError('empty NameConstraints', v.start);
      for (const c of parts) {
        if (c.tag === ctx(0, true)) out.permitted = subtrees(c);
        else if (c.tag === ctx(1, true)) out.excluded = subtrees(c);
        else throw new DerError('unexpected field in NameConstraints', c.start);
      }
      return out;
    }
    case '2.5.29.32': {
      const policies = children(expectTag(v, TAG.SEQUENCE, 'certificatePolicies')).map((p) => {
        const [o] = children(expectTag(p, TAG.SEQUENCE, 'PolicyInformation'));
        if (!o) throw new DerError('empty PolicyInformation', p.start);
        return readOid(o);
      });
      if (policies.length === 0 || new Set(policies).size !== policies.length) throw new DerError('empty or repeated certificate policies', v.start);
      return { type: 'certificatePolicies', policies };
    }
    case '2.5.29.36': {
      const out: ExtensionData = { type: 'policyConstraints' };
      const parts = children(expectTag(v, TAG.SEQUENCE, 'PolicyConstraints'));
      if (parts.length === 0) throw new DerError('empty PolicyConstraints', v.start);
      for (const c of parts) {
        const n = readSmallInt({ ...c, tag: TAG.INTEGER });
        if (c.tag === ctx(0, false)) out.requireExplicitPolicy = n;
        else if (c.tag === ctx(1, false)) out.inhibitPolicyMapping = n;
        else throw new DerError('unexpected field in PolicyConstraints', c.start);
      }
      return out;
    }
    case '2.5.29.54':
      return { type: 'inhibitAnyPolicy', skipCerts: readSmallInt(v) };
    case '2.5.29.33': {
      const mappings = children(expectTag(v, TAG.SEQUENCE, 'PolicyMappings')).map((m) => {
        const [a, b] = children(m);
        if (!a || !b) throw new DerError('policy mapping needs two OIDs', m.start);
        return { issuer: readOid(a), subject: readOid(b) };
      });
      return { type: 'policyMappings', mappings };
    }
    case '2.5.29.20':
      expectTag(v, TAG.INTEGER, 'a CRL number');
      lines.push(uintText(value(v)));
      return undefined;
    case '2.5.29.21': {
      const n = readSmallInt(v);
      lines.push(REASONS[n] ?? String(n));
      return undefined;
    }
    default:
      return undefined;
  }
}

export function readExtensions(seq: Tlv, warnings: Problem[]): ExtensionInfo[] {
  const out: ExtensionInfo[] = [];
  const list = children(expectTag(seq, TAG.SEQUENCE, 'Extensions'));
  if (list.length === 0) warnings.push({ code: 'der_invalid', message: 'the extensions field is present but empty' });
  for (const e of list) {
    const parts = children(expectTag(e, TAG.SEQUENCE, 'an Extension'));
    const oid = readOid(parts[0] ?? e);
    let critical = false;
    let k = 1;
    if (parts[1]?.tag === TAG.BOOLEAN) {
      critical = value(parts[1])[0] !== 0;
      if (!critical) warnings.push({ code: 'der_invalid', message: `extension ${oid} encodes critical FALSE explicitly` });
      k++;
    }
    const octets = parts[k];
    if (!octets) throw new DerError('Extension without a value', e.start);
    const raw = value(expectTag(octets, TAG.OCTET_STRING, 'extnValue'));
    if (out.some((x) => x.oid === oid)) warnings.push({ code: 'der_invalid', message: `extension ${NAMES[oid] ?? oid} appears twice` });
    const info: ExtensionInfo = { oid, name: NAMES[oid] ?? oid, critical, lines: [], rawHex: toHex(raw), status: NAMES[oid] ? 'decoded' : 'unknown' };
    if (NAMES[oid]) {
      try {
        const data = decode(oid, readRoot(raw), info.lines);
        if (data) info.data = data;
      } catch (err) {
        info.status = 'malformed';
        info.lines.push(err instanceof Error ? err.message : String(err));
      }
    }
    out.push(info);
  }
  return out;
}
