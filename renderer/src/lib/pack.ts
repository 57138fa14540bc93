/**
 * Compacts the byte arrays of items about to be posted.
 *
 * Structured clone sends a view's whole buffer: an item pointing into a big buffer (a file
 * read with others in one Blob, a whole bundle) would take megabytes along with each message.
 * Views into such oversized buffers are copied into one buffer per message, and pointed at it;
 * views that overlap in one buffer (a TBS inside its certificate's DER) stay overlapped.
 * Arrays that own (nearly) all of their buffer are left as they are: measured in Chromium,
 * repacking those too made receiving a 10,000-certificate bundle slower, not faster.
 */

interface Ref {
  holder: Record<string | number, unknown>;
  key: string | number;
  view: Uint8Array;
}

const MAX_DEPTH = 12;

/** Whether a view would drag along much more than itself: over 64 KiB beyond twice its size. */
const oversized = (v: Uint8Array) => v.buffer.byteLength > 2 * v.byteLength + 65_536;

function collect(value: unknown, refs: Ref[], depth: number): void {
  if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
  if (ArrayBuffer.isView(value)) return;
  const holder = value as Record<string | number, unknown>;
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(holder);
  for (const key of keys) {
    const v = holder[key];
    if (v instanceof Uint8Array) {
      if (oversized(v)) refs.push({ holder, key, view: v });
    }
    else if (v !== null && typeof v === 'object') collect(v, refs, depth + 1);
  }
}

/** Points every Uint8Array reachable from `roots` that views an oversized buffer into one new, compact buffer. */
export function packBytes(roots: readonly unknown[]): void {
  const refs: Ref[] = [];
  for (const r of roots) collect(r, refs, 0);
  if (refs.length === 0) return;
  // Distinct buffers in first-seen order; within each, the views sorted by offset.
  const ids = new Map<ArrayBufferLike, number>();
  for (const r of refs) if (!ids.has(r.view.buffer)) ids.set(r.view.buffer, ids.size);
  refs.sort((a, b) => ids.get(a.view.buffer)! - ids.get(b.view.buffer)! || a.view.byteOffset - b.view.byteOffset);
  // Merge overlapping ranges of one buffer; each merged range is copied once.
  const ranges: { buffer: ArrayBufferLike; start: number; end: number; at: number }[] = [];
  let total = 0;
  const where: number[] = new Array(refs.length);
  refs.forEach((r, i) => {
    const start = r.view.byteOffset;
    const end = start + r.view.byteLength;
    const last = ranges[ranges.length - 1];
    if (last && last.buffer === r.view.buffer && start <= last.end) {
      if (end > last.end) {
        total += end - last.end;
        last.end = end;
      }
    } else {
      ranges.push({ buffer: r.view.buffer, start, end, at: total });
      total += end - start;
    }
    where[i] = ranges.length - 1;
  });
  const pack = new Uint8Array(total);
  for (const g of ranges) pack.set(new Uint8Array(g.buffer, g.start, g.end - g.start), g.at);
  refs.forEach((r, i) => {
    const g = ranges[where[i]!]!;
    r.holder[r.key] = pack.subarray(g.at + r.view.byteOffset - g.start, g.at + r.view.byteOffset - g.start + r.view.byteLength);
  });
}
