/**
 * cRLDistributionPoints (RFC 5280 §4.2.1.13), also freshestCRL (§4.2.1.15):
 *   CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint
 *   DistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName OPTIONAL,
 *     reasons [1] ReasonFlags OPTIONAL, cRLIssuer [2] GeneralNames OPTIONAL }
 *   DistributionPointName ::= CHOICE { fullName [0] GeneralNames, nameRelativeToCRLIssuer [1] RDN }
 *   ReasonFlags ::= BIT STRING { unused (0), keyCompromise (1), cACompromise (2), affiliationChanged (3),
 *     superseded (4), cessationOfOperation (5), certificateHold (6), privilegeWithdrawn (7), aACompromise (8) }
 * Shown as OpenSSL shows them: Full Name, Relative Name, Reasons, CRL Issuer.
 */
import { children, DerError, expectTag, readBitString, TAG, type Tlv } from '../../der.js';
import { readRelativeName } from '../../names.js';
import type { DistributionPoint, GeneralName } from '../../types.js';
import { generalNameLine, readGeneralNames } from './general-names.js';
import { root, setBits, type Decoded } from './util.js';

export const REASON_FLAGS = ['unused', 'keyCompromise', 'cACompromise', 'affiliationChanged', 'superseded', 'cessationOfOperation', 'certificateHold', 'privilegeWithdrawn', 'aACompromise'] as const;

/** ReasonFlags under an IMPLICIT tag: read as the BIT STRING it is. */
export function reasonFlags(t: Tlv): string[] {
  if (t.constructed) throw new DerError('ReasonFlags must be a primitive BIT STRING', t.start);
  return setBits(readBitString({ ...t, tag: TAG.BIT_STRING }).bytes, REASON_FLAGS);
}

/** DistributionPointName (the content of its [0] EXPLICIT wrapper): into `point`, with display lines. */
export function distributionPointName(wrapper: Tlv, point: DistributionPoint, lines: string[], uris: string[]): void {
  const [dpName] = children(wrapper);
  if (!dpName) throw new DerError('empty distributionPoint', wrapper.start);
  if (dpName.tag === 0xa0) {
    const names: GeneralName[] = readGeneralNames(dpName);
    point.fullName = names;
    for (const n of names) {
      if (n.type === 'uri') uris.push(n.value);
      lines.push(`Full Name: ${generalNameLine(n)}`);
    }
  } else if (dpName.tag === 0xa1) {
    point.relativeName = readRelativeName(dpName);
    lines.push(`Relative Name: ${point.relativeName}`);
  } else throw new DerError('unknown DistributionPointName choice', dpName.start);
}

export function crlDistributionPoints(v: Uint8Array): Decoded {
  const lines: string[] = [];
  const uris: string[] = [];
  const points: DistributionPoint[] = [];
  for (const dp of children(expectTag(root(v), TAG.SEQUENCE, 'CRLDistributionPoints'))) {
    const point: DistributionPoint = {};
    for (const f of children(expectTag(dp, TAG.SEQUENCE, 'a DistributionPoint'))) {
      if (f.tag === 0xa0) distributionPointName(f, point, lines, uris);
      else if (f.tag === 0x81) {
        point.reasons = reasonFlags(f);
        lines.push(`Reasons: ${point.reasons.join(', ')}`);
      } else if (f.tag === 0xa2) {
        point.crlIssuer = readGeneralNames(f);
        for (const n of point.crlIssuer) lines.push(`CRL Issuer: ${generalNameLine(n)}`);
      } else throw new DerError('unexpected field in DistributionPoint', f.start);
    }
    points.push(point);
  }
  return { lines, data: { type: 'crlDistributionPoints', uris, points } };
}
