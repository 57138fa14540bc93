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

/** GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree; minimum MUST be 0 (absent) and maximum absent (§4.2.1.10). */
function subtrees(t: Tlv, notes: string[]): GeneralName[] {
  const list = children(t).map((st) => {
    const [base, ...rest] = children(expectTag(st, TAG.SEQUENCE, 'a GeneralSubtree'));
    if (!base) throw new DerError('GeneralSubtree without a base', st.start);
    if (rest.length) notes.push('a GeneralSubtree with a minimum or maximum, which RFC 5280 does not allow');
    return readGeneralName(base, notes, 'constraint');
  });
  if (list.length === 0) notes.push('an empty GeneralSubtrees list (SIZE 1..MAX)');
  return list;
}

export function nameConstraints(v: Uint8Array): Decoded {
  let permitted: GeneralName[] = [];
  let excluded: GeneralName[] = [];
  const notes: string[] = [];
  const parts = children(expectTag(root(v), TAG.SEQUENCE, 'NameConstraints'));
  if (parts.length === 0) notes.push('NameConstraints with neither permitted nor excluded subtrees');
  for (const f of parts) {
    if (f.tag === 0xa0) permitted = subtrees(f, notes);
    else if (f.tag === 0xa1) excluded = subtrees(f, notes);
    else throw new DerError('unexpected field in NameConstraints', f.start);
  }
  const lines = [
    ...permitted.map((n) => `Permitted: ${generalNameLine(n)}`),
    ...excluded.map((n) => `Excluded: ${generalNameLine(n)}`),
  ];
  return { lines, data: { type: 'nameConstraints', permitted, excluded }, notes };
}
