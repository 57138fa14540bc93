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


/** One MD5 compression of the 16 little-endian words `w` from the initial state, into `out` (fully unrolled). */
function compress(w: Int32Array, out: Int32Array): void {
  const w0 = w[0]!, w1 = w[1]!, w2 = w[2]!, w3 = w[3]!, w4 = w[4]!, w5 = w[5]!, w6 = w[6]!, w7 = w[7]!;
  const w8 = w[8]!, w9 = w[9]!, w10 = w[10]!, w11 = w[11]!, w12 = w[12]!, w13 = w[13]!, w14 = w[14]!, w15 = w[15]!;
  let a = 0x67452301, b = 0xefcdab89 | 0, c = 0x98badcfe | 0, d = 0x10325476, t = 0;
  t = (a + ((b & c) | (~b & d)) + -680876936 + w0) | 0; a = (b + ((t << 7) | (t >>> 25))) | 0;
  t = (d + ((a & b) | (~a & c)) + -389564586 + w1) | 0; d = (a + ((t << 12) | (t >>> 20))) | 0;
  t = (c + ((d & a) | (~d & b)) + 606105819 + w2) | 0; c = (d + ((t << 17) | (t >>> 15))) | 0;
  t = (b + ((c & d) | (~c & a)) + -1044525330 + w3) | 0; b = (c + ((t << 22) | (t >>> 10))) | 0;
  t = (a + ((b & c) | (~b & d)) + -176418897 + w4) | 0; a = (b + ((t << 7) | (t >>> 25))) | 0;
  t = (d + ((a & b) | (~a & c)) + 1200080426 + w5) | 0; d = (a + ((t << 12) | (t >>> 20))) | 0;
  t = (c + ((d & a) | (~d & b)) + -1473231341 + w6) | 0; c = (d + ((t << 17) | (t >>> 15))) | 0;
  t = (b + ((c & d) | (~c & a)) + -45705983 + w7) | 0; b = (c + ((t << 22) | (t >>> 10))) | 0;
  t = (a + ((b & c) | (~b & d)) + 1770035416 + w8) | 0; a = (b + ((t << 7) | (t >>> 25))) | 0;
  t = (d + ((a & b) | (~a & c)) + -1958414417 + w9) | 0; d = (a + ((t << 12) | (t >>> 20))) | 0;
  t = (c + ((d & a) | (~d & b)) + -42063 + w10) | 0; c = (d + ((t << 17) | (t >>> 15))) | 0;
  t = (b + ((c & d) | (~c & a)) + -1990404162 + w11) | 0; b = (c + ((t << 22) | (t >>> 10))) | 0;
  t = (a + ((b & c) | (~b & d)) + 1804603682 + w12) | 0; a = (b + ((t << 7) | (t >>> 25))) | 0;
  t = (d + ((a & b) | (~a & c)) + -40341101 + w13) | 0; d = (a + ((t << 12) | (t >>> 20))) | 0;
  t = (c + ((d & a) | (~d & b)) + -1502002290 + w14) | 0; c = (d + ((t << 17) | (t >>> 15))) | 0;
  t = (b + ((c & d) | (~c & a)) + 1236535329 + w15) | 0; b = (c + ((t << 22) | (t >>> 10))) | 0;
  t = (a + ((d & b) | (~d & c)) + -165796510 + w1) | 0; a = (b + ((t << 5) | (t >>> 27))) | 0;
  t = (d + ((c & a) | (~c & b)) + -1069501632 + w6) | 0; d = (a + ((t << 9) | (t >>> 23))) | 0;
  t = (c + ((b & d) | (~b & a)) + 643717713 + w11) | 0; c = (d + ((t << 14) | (t >>> 18))) | 0;
  t = (b + ((a & c) | (~a & d)) + -373897302 + w0) | 0; b = (c + ((t << 20) | (t >>> 12))) | 0;
  t = (a + ((d & b) | (~d & c)) + -701558691 + w5) | 0; a = (b + ((t << 5) | (t >>> 27))) | 0;
  t = (d + ((c & a) | (~c & b)) + 38016083 + w10) | 0; d = (a + ((t << 9) | (t >>> 23))) | 0;
  t = (c + ((b & d) | (~b & a)) + -660478335 + w15) | 0; c = (d + ((t << 14) | (t >>> 18))) | 0;
  t = (b + ((a & c) | (~a & d)) + -405537848 + w4) | 0; b = (c + ((t << 20) | (t >>> 12))) | 0;
  t = (a + ((d & b) | (~d & c)) + 568446438 + w9) | 0; a = (b + ((t << 5) | (t >>> 27))) | 0;
  t = (d + ((c & a) | (~c & b)) + -1019803690 + w14) | 0; d = (a + ((t << 9) | (t >>> 23))) | 0;
  t = (c + ((b & d) | (~b & a)) + -187363961 + w3) | 0; c = (d + ((t << 14) | (t >>> 18))) | 0;
  t = (b + ((a & c) | (~a & d)) + 1163531501 + w8) | 0; b = (c + ((t << 20) | (t >>> 12))) | 0;
  t = (a + ((d & b) | (~d & c)) + -1444681467 + w13) | 0; a = (b + ((t << 5) | (t >>> 27))) | 0;
  t = (d + ((c & a) | (~c & b)) + -51403784 + w2) | 0; d = (a + ((t << 9) | (t >>> 23))) | 0;
  t = (c + ((b & d) | (~b & a)) + 1735328473 + w7) | 0; c = (d + ((t << 14) | (t >>> 18))) | 0;
  t = (b + ((a & c) | (~a & d)) + -1926607734 + w12) | 0; b = (c + ((t << 20) | (t >>> 12))) | 0;
  t = (a + (b ^ c ^ d) + -378558 + w5) | 0; a = (b + ((t << 4) | (t >>> 28))) | 0;
  t = (d + (a ^ b ^ c) + -2022574463 + w8) | 0; d = (a + ((t << 11) | (t >>> 21))) | 0;
  t = (c + (d ^ a ^ b) + 1839030562 + w11) | 0; c = (d + ((t << 16) | (t >>> 16))) | 0;
  t = (b + (c ^ d ^ a) + -35309556 + w14) | 0; b = (c + ((t << 23) | (t >>> 9))) | 0;
  t = (a + (b ^ c ^ d) + -1530992060 + w1) | 0; a = (b + ((t << 4) | (t >>> 28))) | 0;
  t = (d + (a ^ b ^ c) + 1272893353 + w4) | 0; d = (a + ((t << 11) | (t >>> 21))) | 0;
  t = (c + (d ^ a ^ b) + -155497632 + w7) | 0; c = (d + ((t << 16) | (t >>> 16))) | 0;
  t = (b + (c ^ d ^ a) + -1094730640 + w10) | 0; b = (c + ((t << 23) | (t >>> 9))) | 0;
  t = (a + (b ^ c ^ d) + 681279174 + w13) | 0; a = (b + ((t << 4) | (t >>> 28))) | 0;
  t = (d + (a ^ b ^ c) + -358537222 + w0) | 0; d = (a + ((t << 11) | (t >>> 21))) | 0;
  t = (c + (d ^ a ^ b) + -722521979 + w3) | 0; c = (d + ((t << 16) | (t >>> 16))) | 0;
  t = (b + (c ^ d ^ a) + 76029189 + w6) | 0; b = (c + ((t << 23) | (t >>> 9))) | 0;
  t = (a + (b ^ c ^ d) + -640364487 + w9) | 0; a = (b + ((t << 4) | (t >>> 28))) | 0;
  t = (d + (a ^ b ^ c) + -421815835 + w12) | 0; d = (a + ((t << 11) | (t >>> 21))) | 0;
  t = (c + (d ^ a ^ b) + 530742520 + w15) | 0; c = (d + ((t << 16) | (t >>> 16))) | 0;
  t = (b + (c ^ d ^ a) + -995338651 + w2) | 0; b = (c + ((t << 23) | (t >>> 9))) | 0;
  t = (a + (c ^ (b | ~d)) + -198630844 + w0) | 0; a = (b + ((t << 6) | (t >>> 26))) | 0;
  t = (d + (b ^ (a | ~c)) + 1126891415 + w7) | 0; d = (a + ((t << 10) | (t >>> 22))) | 0;
  t = (c + (a ^ (d | ~b)) + -1416354905 + w14) | 0; c = (d + ((t << 15) | (t >>> 17))) | 0;
  t = (b + (d ^ (c | ~a)) + -57434055 + w5) | 0; b = (c + ((t << 21) | (t >>> 11))) | 0;
  t = (a + (c ^ (b | ~d)) + 1700485571 + w12) | 0; a = (b + ((t << 6) | (t >>> 26))) | 0;
  t = (d + (b ^ (a | ~c)) + -1894986606 + w3) | 0; d = (a + ((t << 10) | (t >>> 22))) | 0;
  t = (c + (a ^ (d | ~b)) + -1051523 + w10) | 0; c = (d + ((t << 15) | (t >>> 17))) | 0;
  t = (b + (d ^ (c | ~a)) + -2054922799 + w1) | 0; b = (c + ((t << 21) | (t >>> 11))) | 0;
  t = (a + (c ^ (b | ~d)) + 1873313359 + w8) | 0; a = (b + ((t << 6) | (t >>> 26))) | 0;
  t = (d + (b ^ (a | ~c)) + -30611744 + w15) | 0; d = (a + ((t << 10) | (t >>> 22))) | 0;
  t = (c + (a ^ (d | ~b)) + -1560198380 + w6) | 0; c = (d + ((t << 15) | (t >>> 17))) | 0;
  t = (b + (d ^ (c | ~a)) + 1309151649 + w13) | 0; b = (c + ((t << 21) | (t >>> 11))) | 0;
  t = (a + (c ^ (b | ~d)) + -145523070 + w4) | 0; a = (b + ((t << 6) | (t >>> 26))) | 0;
  t = (d + (b ^ (a | ~c)) + -1120210379 + w11) | 0; d = (a + ((t << 10) | (t >>> 22))) | 0;
  t = (c + (a ^ (d | ~b)) + 718787259 + w2) | 0; c = (d + ((t << 15) | (t >>> 17))) | 0;
  t = (b + (d ^ (c | ~a)) + -343485551 + w9) | 0; b = (c + ((t << 21) | (t >>> 11))) | 0;
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
