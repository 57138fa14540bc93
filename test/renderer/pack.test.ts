/**
 * packBytes: items posted by the Worker never drag a big buffer (a joined file read, a whole
 * bundle) along with a view into it.
 */
import { describe, expect, test } from 'vitest';
import { packBytes } from '../../renderer/src/lib/pack.js';

const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

function buffersIn(value: unknown, out = new Set<ArrayBufferLike>()): Set<ArrayBufferLike> {
  if (value instanceof Uint8Array) out.add(value.buffer);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) buffersIn(v, out);
  return out;
}

const asJson = (v: unknown) => JSON.stringify(v, (_, x) => (x instanceof Uint8Array ? Array.from(x) : x));

describe('packBytes', () => {
  test('views into a big buffer move into one compact buffer, same contents, sharing kept', () => {
    const joined = new Uint8Array(16 << 20); // a joined read: files far apart in one big buffer
    joined.set(bytes(300, 1), 1000);
    joined.set(bytes(200, 2), 15 << 20);
    const der1 = joined.subarray(1000, 1300);
    const own = bytes(90, 3);
    const item1 = { der: der1, tbs: der1.subarray(4, 250), publicKey: { spki: own }, list: [{ raw: joined.subarray(5000, 5005) }, 'text', 7] };
    const der2 = joined.subarray(15 << 20, (15 << 20) + 200);
    const item2 = { der: der2, extensions: [{ data: { keyId: der2.subarray(10, 30) } }], tbs: der2.subarray(0, 200) };
    const before = asJson([item1, item2]);

    packBytes([[item1], [item2]]);

    expect(asJson([item1, item2])).toBe(before);
    // An array that owns its buffer stays as it is; everything else shares one small buffer.
    expect(item1.publicKey.spki).toBe(own);
    const moved = buffersIn([item1.der, item1.list, item2]);
    expect(moved.size).toBe(1);
    expect([...moved][0]!.byteLength).toBe(300 + 5 + 200);
    // A TBS stays a view inside its DER.
    expect(item1.tbs.byteOffset - item1.der.byteOffset).toBe(4);
    item1.der[10] = 0xee;
    expect(item1.tbs[6]).toBe(0xee);
  });

  test('a structured clone of packed slices carries kilobytes, not the big buffer', () => {
    const shared = new Uint8Array(4 << 20);
    const items = Array.from({ length: 50 }, (_, i) => ({ der: shared.subarray(i * 50_000, i * 50_000 + 100), spki: bytes(20, i) }));
    packBytes([items]);
    const copy = structuredClone(items);
    const total = [...buffersIn(copy)].reduce((n, b) => n + b.byteLength, 0);
    expect(total).toBe(50 * 100 + 50 * 20);
    expect(copy[7]!.spki).toEqual(bytes(20, 7));
    expect(copy[7]!.der).toEqual(shared.subarray(350_000, 350_100));
  });

  test('leaves items whose arrays own their buffers as they are', () => {
    const der = bytes(3000, 9);
    const item = { der, tbs: der.subarray(4, 2900), spki: bytes(10, 1) };
    packBytes([item]);
    expect(item.der).toBe(der);
    expect(item.tbs.buffer).toBe(der.buffer);
  });
});
