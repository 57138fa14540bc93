/** CRL and CRL-entry extensions (RFC 5280 §5.2, §5.3). */
import { DerError, readOid, readTime, TAG, uintText, value } from '../../der.js';
import { root, type Decoded } from './util.js';

export const REASONS = ['unspecified', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', '(unused)', 'removeFromCRL', 'privilegeWithdrawn', 'aACompromise'] as const;

/** cRLNumber (§5.2.3) and deltaCRLIndicator (§5.2.4): INTEGER (0..MAX), shown as hex like the serial. */
export function crlNumber(v: Uint8Array): Decoded {
  const t = root(v);
  if (t.tag !== TAG.INTEGER) throw new DerError('CRLNumber is not an INTEGER', t.start);
  return { lines: [uintText(value(t))] };
}

/** cRLReason (§5.3.1): CRLReason ::= ENUMERATED */
export function crlReason(v: Uint8Array): Decoded {
  const t = root(v);
  const b = value(t);
  if (t.tag !== TAG.ENUMERATED || b.length !== 1) throw new DerError('CRLReason is not a small ENUMERATED', t.start);
  return { lines: [REASONS[b[0]!] ?? `reason ${b[0]}`] };
}

/** invalidityDate (§5.3.2): GeneralizedTime */
export function invalidityDate(v: Uint8Array): Decoded {
  return { lines: [readTime(root(v))] };
}

const HOLD_INSTRUCTIONS: Record<string, string> = {
  '1.2.840.10040.2.1': 'Hold Instruction None',
  '1.2.840.10040.2.2': 'Hold Instruction Call Issuer',
  '1.2.840.10040.2.3': 'Hold Instruction Reject',
};

/** holdInstructionCode (2.5.29.23, RFC 3280 §5.3.2): OBJECT IDENTIFIER */
export function holdInstructionCode(v: Uint8Array): Decoded {
  const oid = readOid(root(v));
  return { lines: [HOLD_INSTRUCTIONS[oid] ?? oid] };
}
