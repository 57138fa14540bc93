/** Policy extensions: certificatePolicies, policyMappings, policyConstraints, inhibitAnyPolicy. */
import { latin1Decode } from '../../bytes.js';
import { children, DerError, expectTag, readOid, readSmallInt, TAG, value, type Tlv } from '../../der.js';
import { readAsn1String } from '../../names.js';
import { POLICY_NAMES } from '../../oid-names.js';
import { root, uintOf, type Decoded } from './util.js';

const CPS = '1.3.6.1.5.5.7.2.1';
const USER_NOTICE = '1.3.6.1.5.5.7.2.2';
const policyName = (oid: string) => (POLICY_NAMES[oid] ? `${POLICY_NAMES[oid]} (${oid})` : oid);

/** UserNotice ::= SEQUENCE { noticeRef NoticeReference OPTIONAL, explicitText DisplayText OPTIONAL } */
function userNotice(t: Tlv): string[] {
  const lines: string[] = [];
  for (const f of children(expectTag(t, TAG.SEQUENCE, 'a UserNotice'))) {
    if (f.tag === TAG.SEQUENCE) {
      const [org, numbers] = children(f);
      const orgText = org ? readAsn1String(org)?.value ?? '' : '';
      const nums = numbers ? children(numbers).map(readSmallInt).join(', ') : '';
      lines.push(`  User Notice: Organization: ${orgText}, Numbers: ${nums}`);
    } else {
      lines.push(`  User Notice: Explicit Text: ${readAsn1String(f)?.value ?? ''}`);
    }
  }
  return lines;
}

/**
 * certificatePolicies (RFC 5280 §4.2.1.4):
 *   certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation
 *   PolicyInformation ::= SEQUENCE { policyIdentifier CertPolicyId, policyQualifiers SEQUENCE OF PolicyQualifierInfo OPTIONAL }
 *   PolicyQualifierInfo ::= SEQUENCE { policyQualifierId, qualifier ANY }  -- CPS uri (IA5String) or UserNotice
 */
export function certificatePolicies(v: Uint8Array): Decoded {
  const policies: string[] = [];
  const lines: string[] = [];
  for (const pi of children(expectTag(root(v), TAG.SEQUENCE, 'certificatePolicies'))) {
    const [idTlv, qualifiers] = children(expectTag(pi, TAG.SEQUENCE, 'a PolicyInformation'));
    if (!idTlv) throw new DerError('PolicyInformation without a policy OID', pi.start);
    const oid = readOid(idTlv);
    policies.push(oid);
    lines.push(`Policy: ${policyName(oid)}`);
    for (const q of qualifiers ? children(qualifiers) : []) {
      const [qid, qv] = children(q);
      if (!qid || !qv) throw new DerError('PolicyQualifierInfo needs an id and a value', q.start);
      const qOid = readOid(qid);
      if (qOid === CPS) lines.push(`  CPS: ${latin1Decode(value(qv))}`);
      else if (qOid === USER_NOTICE) for (const l of userNotice(qv)) lines.push(l);
      else lines.push(`  Qualifier: ${qOid}`);
    }
  }
  const notes: string[] = [];
  if (policies.length === 0) notes.push('an empty certificatePolicies list (SIZE 1..MAX)');
  if (new Set(policies).size !== policies.length) notes.push('a policy listed more than once, which RFC 5280 §4.2.1.4 forbids');
  return { lines, data: { type: 'certificatePolicies', policies }, notes };
}

/** policyMappings (RFC 5280 §4.2.1.5): SEQUENCE OF SEQUENCE { issuerDomainPolicy, subjectDomainPolicy } */
export function policyMappings(v: Uint8Array): Decoded {
  const mappings = children(expectTag(root(v), TAG.SEQUENCE, 'PolicyMappings')).map((m) => {
    const [i, s] = children(m);
    if (!i || !s) throw new DerError('a policy mapping needs two OIDs', m.start);
    return { issuer: readOid(i), subject: readOid(s) };
  });
  return { lines: mappings.map((m) => `${m.issuer} → ${m.subject}`), data: { type: 'policyMappings', mappings } };
}

/**
 * policyConstraints (RFC 5280 §4.2.1.11):
 *   PolicyConstraints ::= SEQUENCE { requireExplicitPolicy [0] SkipCerts OPTIONAL, inhibitPolicyMapping [1] SkipCerts OPTIONAL }
 */
export function policyConstraints(v: Uint8Array): Decoded {
  const data: { type: 'policyConstraints'; requireExplicitPolicy?: number; inhibitPolicyMapping?: number } = { type: 'policyConstraints' };
  const lines: string[] = [];
  const parts = children(expectTag(root(v), TAG.SEQUENCE, 'PolicyConstraints'));
  const notes = parts.length === 0 ? ['PolicyConstraints with neither field, which RFC 5280 §4.2.1.11 forbids'] : [];
  for (const f of parts) {
    if (f.tag === 0x80) {
      data.requireExplicitPolicy = uintOf(f);
      lines.push(`Require Explicit Policy: ${data.requireExplicitPolicy}`);
    } else if (f.tag === 0x81) {
      data.inhibitPolicyMapping = uintOf(f);
      lines.push(`Inhibit Policy Mapping: ${data.inhibitPolicyMapping}`);
    } else throw new DerError('unexpected field in PolicyConstraints', f.start);
  }
  return { lines, data, notes };
}

/** inhibitAnyPolicy (RFC 5280 §4.2.1.14): InhibitAnyPolicy ::= SkipCerts ::= INTEGER (0..MAX) */
export function inhibitAnyPolicy(v: Uint8Array): Decoded {
  const skipCerts = readSmallInt(root(v));
  return { lines: [String(skipCerts)], data: { type: 'inhibitAnyPolicy', skipCerts } };
}
