/** subjectAltName (RFC 5280 §4.2.1.6) and issuerAltName (§4.2.1.7): GeneralNames ::= SEQUENCE OF GeneralName */
import { expectTag, TAG } from '../../der.js';
import { generalNameLine, readGeneralNames } from './general-names.js';
import { root, type Decoded } from './util.js';

function altName(type: 'subjectAltName' | 'issuerAltName') {
  return (v: Uint8Array): Decoded => {
    const notes: string[] = [];
    const names = readGeneralNames(expectTag(root(v), TAG.SEQUENCE, 'GeneralNames'), notes);
    return { lines: names.map(generalNameLine), data: { type, names }, notes };
  };
}

export const subjectAltName = altName('subjectAltName');
export const issuerAltName = altName('issuerAltName');

/** certificateIssuer (RFC 5280 §5.3.3), a CRL entry extension of indirect CRLs: GeneralNames */
export function certificateIssuer(v: Uint8Array): Decoded {
  return { lines: readGeneralNames(expectTag(root(v), TAG.SEQUENCE, 'GeneralNames')).map(generalNameLine) };
}
