/**
 * cRLDistributionPoints (RFC 5280 §4.2.1.13), also freshestCRL (§4.2.1.15):
 *   CRLDistributionPoints ::= SEQUENCE SIZE (1..MAX) OF DistributionPoint
 *   DistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName OPTIONAL,
 *     reasons [1] ReasonFlags OPTIONAL, cRLIssuer [2] GeneralNames OPTIONAL }
 *   DistributionPointName ::= CHOICE { fullName [0] GeneralNames, nameRelativeToCRLIssuer [1] RDN }
 */
import { children, expectTag, TAG } from '../../der.js';
import { generalNameLine, readGeneralNames } from './general-names.js';
import { root, type Decoded } from './util.js';

export function crlDistributionPoints(v: Uint8Array): Decoded {
  const lines: string[] = [];
  const uris: string[] = [];
  for (const dp of children(expectTag(root(v), TAG.SEQUENCE, 'CRLDistributionPoints'))) {
    for (const f of children(expectTag(dp, TAG.SEQUENCE, 'a DistributionPoint'))) {
      if (f.tag === 0xa0) {
        for (const dpName of children(f)) {
          if (dpName.tag === 0xa0) {
            for (const n of readGeneralNames(dpName)) {
              if (n.type === 'uri') uris.push(n.value);
              lines.push(`Full Name: ${generalNameLine(n)}`);
            }
          } else lines.push('Relative Name (to the CRL issuer)');
        }
      } else if (f.tag === 0xa2) {
        lines.push(...readGeneralNames(f).map((n) => `CRL Issuer: ${generalNameLine(n)}`));
      } else if (f.tag === 0x81 || f.tag === 0xa1) lines.push('Reasons: (restricted)');
    }
  }
  return { lines, data: { type: 'crlDistributionPoints', uris } };
}
