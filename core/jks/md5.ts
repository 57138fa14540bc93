/**
 * MD5 (RFC 1321) iterated over a short message: x = MD5(x ‖ suffix), `iterations` times, as
 * JCEKS's PBEWithMD5AndTripleDES derives its key (200,000 iterations per salt half with Java 17's
 * keytool). A general hash object per iteration costs ~2 µs here; this loop reuses one 64-byte
 * block and costs a fraction of that, which is what lets a JCEKS keystore open within the file's
 * key-derivation budget. Messages longer than one block (passwords over 39 characters) take the
 * general path of @noble/hashes.
 */
import { md5 } from '@noble/hashes/legacy.js';

/** Estimated microseconds per iteration (measured here, rounded up), by message length. */
export function md5IterationUs(messageLength: number): number {
  return messageLength <= 55 ? 1 : 3;
}

const S = Int32Array.of(7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21);
const K = new Int32Array(64).map((_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);
const G = new Uint8Array(64).map((_, i) => (i < 16 ? i : i < 32 ? (5 * i + 1) % 16 : i < 48 ? (3 * i + 5) % 16 : (7 * i) % 16));

/** One MD5 compression of the 16 little-endian words `w` from the initial state, into `out`. */
function compress(w: Int32Array, out: Int32Array): void {
  let a = 0x67452301, b = 0xefcdab89 | 0, c = 0x98badcfe | 0, d = 0x10325476, t = 0, i = 0;
  // Four rounds of sixteen steps, each round in its own loop so the function choice is not a branch.
  for (; i < 16; i++) {
    t = (a + ((b & c) | (~b & d)) + K[i]! + w[i]!) | 0;
    a = d; d = c; c = b;
    b = (b + ((t << S[i]!) | (t >>> (32 - S[i]!)))) | 0;
  }
  for (; i < 32; i++) {
    t = (a + ((d & b) | (~d & c)) + K[i]! + w[G[i]!]!) | 0;
    a = d; d = c; c = b;
    b = (b + ((t << S[i]!) | (t >>> (32 - S[i]!)))) | 0;
  }
  for (; i < 48; i++) {
    t = (a + (b ^ c ^ d) + K[i]! + w[G[i]!]!) | 0;
    a = d; d = c; c = b;
    b = (b + ((t << S[i]!) | (t >>> (32 - S[i]!)))) | 0;
  }
  for (; i < 64; i++) {
    t = (a + (c ^ (b | ~d)) + K[i]! + w[G[i]!]!) | 0;
    a = d; d = c; c = b;
    b = (b + ((t << S[i]!) | (t >>> (32 - S[i]!)))) | 0;
  }
  out[0] = (a + 0x67452301) | 0;
  out[1] = (b + (0xefcdab89 | 0)) | 0;
  out[2] = (c + (0x98badcfe | 0)) | 0;
  out[3] = (d + 0x10325476) | 0;
}

/** x₀ = `start`; xₙ = MD5(xₙ₋₁ ‖ suffix); returns x_iterations (16 octets). */
export function md5Iterate(start: Uint8Array, suffix: Uint8Array, iterations: number): Uint8Array {
  let x = start;
  const first = x.length + suffix.length;
  if (first > 55 || 16 + suffix.length > 55) {
    for (let i = 0; i < iterations; i++) {
      const h = md5.create();
      h.update(x);
      h.update(suffix);
      x = h.digest();
    }
    return x;
  }
  const block = new Uint8Array(64);
  const view = new DataView(block.buffer);
  const w = new Int32Array(16);
  const state = new Int32Array(4);
  const load = (len: number) => {
    block.fill(0, len);
    block[len] = 0x80;
    view.setUint32(56, len * 8, true);
    for (let j = 0; j < 16; j++) w[j] = view.getInt32(4 * j, true);
  };
  // The first message may be shorter than a digest (a 4-octet salt half); every later one is 16 + suffix.
  block.set(x, 0);
  block.set(suffix, x.length);
  load(first);
  let len = first;
  for (let i = 0; i < iterations; i++) {
    compress(w, state);
    if (len !== 16 + suffix.length) {
      len = 16 + suffix.length;
      block.set(suffix, 16);
      load(len);
    }
    w[0] = state[0]!;
    w[1] = state[1]!;
    w[2] = state[2]!;
    w[3] = state[3]!;
  }
  const out = new Uint8Array(16);
  const ov = new DataView(out.buffer);
  for (let j = 0; j < 4; j++) ov.setInt32(4 * j, state[j]!, true);
  return iterations === 0 ? start.slice() : out;
}
