/**
 * basicConstraints (RFC 5280 §4.2.1.9):
 *   BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL }
 */
import { children, DerError, expectTag, readSmallInt, TAG, value } from '../../der.js';
import { root, type Decoded } from './util.js';

export function basicConstraints(v: Uint8Array): Decoded {
  let ca = false;
  let pathLen: number | undefined;
  const notes: string[] = [];
  for (const f of children(expectTag(root(v), TAG.SEQUENCE, 'BasicConstraints'))) {
    if (f.tag === TAG.BOOLEAN) {
      const b = value(f);
      if (b.length !== 1) throw new DerError('BOOLEAN of the wrong length', f.start);
      ca = b[0] !== 0;
      if (!ca) notes.push('cA FALSE is encoded explicitly, which DER forbids for a DEFAULT value');
    } else if (f.tag === TAG.INTEGER) pathLen = readSmallInt(f);
    else throw new DerError('unexpected field in BasicConstraints', f.start);
  }
  const lines = [`CA:${ca ? 'TRUE' : 'FALSE'}`];
  if (pathLen !== undefined) lines.push(`pathlen:${pathLen}`);
  return { lines, data: pathLen === undefined ? { type: 'basicConstraints', ca } : { type: 'basicConstraints', ca, pathLen }, notes };
}
