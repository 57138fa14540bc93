/**
 * issuingDistributionPoint (RFC 5280 §5.2.5), a CRL extension:
 *   IssuingDistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName OPTIONAL,
 *     onlyContainsUserCerts [1] BOOLEAN DEFAULT FALSE, onlyContainsCACerts [2] BOOLEAN DEFAULT FALSE,
 *     onlySomeReasons [3] ReasonFlags OPTIONAL, indirectCRL [4] BOOLEAN DEFAULT FALSE,
 *     onlyContainsAttributeCerts [5] BOOLEAN DEFAULT FALSE }
 */
import { children, DerError, expectTag, TAG, value, type Tlv } from '../../der.js';
import type { DistributionPoint, ExtensionData } from '../../types.js';
import { distributionPointName, reasonFlags } from './crl-distribution-points.js';
import { root, type Decoded } from './util.js';

function flag(t: Tlv): boolean {
  const b = value(t);
  if (t.constructed || b.length !== 1) throw new DerError('a BOOLEAN of the wrong length', t.start);
  return b[0] !== 0;
}

export function issuingDistributionPoint(v: Uint8Array): Decoded {
  const lines: string[] = [];
  const uris: string[] = [];
  const point: DistributionPoint = {};
  const data: Extract<ExtensionData, { type: 'issuingDistributionPoint' }> = { type: 'issuingDistributionPoint', uris, point, onlyUserCerts: false, onlyCaCerts: false, onlyAttributeCerts: false, indirectCrl: false };
  for (const f of children(expectTag(root(v), TAG.SEQUENCE, 'IssuingDistributionPoint'))) {
    switch (f.tag) {
      case 0xa0:
        distributionPointName(f, point, lines, uris);
        break;
      case 0x81:
        if ((data.onlyUserCerts = flag(f))) lines.push('Only User Certificates');
        break;
      case 0x82:
        if ((data.onlyCaCerts = flag(f))) lines.push('Only CA Certificates');
        break;
      case 0x83:
        data.onlySomeReasons = reasonFlags(f);
        lines.push(`Only Some Reasons: ${data.onlySomeReasons.join(', ')}`);
        break;
      case 0x84:
        if ((data.indirectCrl = flag(f))) lines.push('Indirect CRL');
        break;
      case 0x85:
        if ((data.onlyAttributeCerts = flag(f))) lines.push('Only Attribute Certificates');
        break;
      default:
        throw new DerError('unexpected field in IssuingDistributionPoint', f.start);
    }
  }
  return { lines, data };
}
