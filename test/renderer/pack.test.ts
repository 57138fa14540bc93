/**
 * packBytes: the Worker's slices carry one compact buffer per message instead of one per byte
 * array (or a whole joined file read per view).
 */
import { describe, expect, test } from 'vitest';
import { packBytes } from '../../renderer/src/lib/pack.js';

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

function buffersIn(value: unknown, out = new Set<ArrayBufferLike>()): Set<ArrayBufferLike> {
  if (value instanceof Uint8Array) out.add(value.buffer);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) buffersIn(v, out);
  return out;
}

describe('packBytes', () => {
  test('points every byte array at one buffer with the same contents, sharing kept', () => {
    const joined = new Uint8Array(16 << 20); // a joined read: files far apart in one big buffer
    joined.set(bytes(300, 1), 1000);
    joined.set(bytes(200, 2), 15 << 20);
    const der1 = joined.subarray(1000, 1300);
    const item1 = { der: der1, tbs: der1.subarray(4, 250), publicKey: { spki: bytes(90, 3) }, list: [{ raw: bytes(5, 4) }, 'text', 7] };
    const der2 = joined.subarray(15 << 20, (15 << 20) + 200);
    const item2 = { der: der2, extensions: [{ data: { keyId: der2.subarray(10, 30) } }], tbs: der2.subarray(0, 200) };
    const before = JSON.stringify([item1, item2], (_, v) => (v instanceof Uint8Array ? Array.from(v) : v));

    packBytes([[item1], [item2]]);

    expect(JSON.stringify([item1, item2], (_, v) => (v instanceof Uint8Array ? Array.from(v) : v))).toBe(before);
    const buffers = buffersIn([item1, item2]);
    expect(buffers.size).toBe(1);
    // Only what the items use: 300 + 90 + 5 + 200 bytes, not the 16 MB read.
    expect([...buffers][0]!.byteLength).toBe(300 + 90 + 5 + 200);
    // A TBS stays a view inside its DER.
    expect(item1.tbs.byteOffset - item1.der.byteOffset).toBe(4);
    item1.der[10] = 0xee;
    expect(item1.tbs[6]).toBe(0xee);
  });

  test('a structured clone of packed slices carries one buffer', () => {
    const shared = new Uint8Array(4 << 20);
    const items = Array.from({ length: 50 }, (_, i) => ({ der: shared.subarray(i * 50_000, i * 50_000 + 100), spki: bytes(20, i) }));
    packBytes([items]);
    const copy = structuredClone(items);
    expect(buffersIn(copy).size).toBe(1);
    expect([...buffersIn(copy)][0]!.byteLength).toBe(50 * 120);
    expect(copy[7]!.spki).toEqual(bytes(20, 7));
  });

  test('leaves items with fewer than two byte arrays as they are', () => {
    const only = { der: bytes(10, 9) };
    const before = only.der;
    packBytes([only]);
    expect(only.der).toBe(before);
  });
});
