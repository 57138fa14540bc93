/**
 * nameConstraints (RFC 5280 §4.2.1.10):
 *   NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees OPTIONAL, excludedSubtrees [1] GeneralSubtrees OPTIONAL }
 *   GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] BaseDistance DEFAULT 0, maximum [1] BaseDistance OPTIONAL }
 * IP bases carry address and mask (8 or 16+16 bytes).
 */
import { children, DerError, expectTag, TAG, type Tlv } from '../../der.js';
import type { GeneralName } from '../../types.js';
import { generalNameLine, readGeneralName } from './general-names.js';
import { root, type Decoded } from './util.js';

function subtrees(t: Tlv): GeneralName[] {
  return children(t).map((st) => {
    const [base] = children(expectTag(st, TAG.SEQUENCE, 'a GeneralSubtree'));
    if (!base) throw new DerError('GeneralSubtree without a base', st.start);
    return readGeneralName(base);
  });
}

export function nameConstraints(v: Uint8Array): Decoded {
  let permitted: GeneralName[] = [];
  let excluded: GeneralName[] = [];
  for (const f of children(expectTag(root(v), TAG.SEQUENCE, 'NameConstraints'))) {
    if (f.tag === 0xa0) permitted = subtrees(f);
    else if (f.tag === 0xa1) excluded = subtrees(f);
    else throw new DerError('unexpected field in NameConstraints', f.start);
  }
  const lines = [
    ...permitted.map((n) => `Permitted: ${generalNameLine(n)}`),
    ...excluded.map((n) => `Excluded: ${generalNameLine(n)}`),
  ];
  return { lines, data: { type: 'nameConstraints', permitted, excluded } };
}
