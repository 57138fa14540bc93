/**
 * keyUsage (RFC 5280 §4.2.1.3):
 *   KeyUsage ::= BIT STRING { digitalSignature (0), nonRepudiation (1), keyEncipherment (2),
 *     dataEncipherment (3), keyAgreement (4), keyCertSign (5), cRLSign (6), encipherOnly (7), decipherOnly (8) }
 */
import { readBitString } from '../../der.js';
import { root, setBits, type Decoded } from './util.js';

const BITS = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly'] as const;

export function keyUsage(v: Uint8Array): Decoded {
  const { bytes, unusedBits } = readBitString(root(v));
  const usages = setBits(bytes, BITS);
  const notes: string[] = [];
  if (bytes.length === 0) notes.push('a keyUsage with no bits at all');
  else if (unusedBits > 0 && bytes[bytes.length - 1]! & ((1 << unusedBits) - 1)) notes.push('keyUsage sets bits it declares unused');
  return { lines: usages, data: { type: 'keyUsage', usages }, notes };
}
