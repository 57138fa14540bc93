// core/crypto/bcrypt.ts against the reference: the `bcrypt-pbkdf` package (a line-by-line port of
// OpenBSD's bcrypt_pbkdf.c, kept as a dev dependency for this), Blowfish's published constants,
// and keys ssh-keygen encrypted (read through parseFile).
import bcrypt from 'bcrypt-pbkdf';
import { describe, expect, it } from 'vitest';
import { toHex } from '../../core/bytes.js';
import { bcryptPbkdfRaw, piWords } from '../../core/crypto/bcrypt.js';
import { read } from './jwk-putty-helpers.js';

/** A small deterministic generator, so a failure names its inputs. */
function bytes(seed: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x ^ (x >>> 15), 2246822519) + i) >>> 0;
    out[i] = x & 255;
  }
  return out;
}

describe('bcrypt_pbkdf', () => {
  it('starts Blowfish from the digits of π (Schneier\'s P-array and S-boxes)', () => {
    const w = Array.from(piWords(), (x) => x >>> 0);
    expect(w).toHaveLength(18 + 1024);
    expect([w[0], w[1], w[17]]).toEqual([0x243f6a88, 0x85a308d3, 0x8979fb1b]);
    // S-box 1 starts 0xd1310ba6, S-box 4 ends 0x3ac372e6.
    expect([w[18], w[18 + 1023]]).toEqual([0xd1310ba6, 0x3ac372e6]);
  });

  const cases = Array.from({ length: 24 }, (_, t) => ({
    password: bytes(t, 1 + ((t * 5) % 73)),
    salt: bytes(t + 100, 1 + ((t * 7) % 40)),
    rounds: 1 + (t % 4),
    keyLen: [1, 16, 31, 32, 33, 48, 64, 100, 1024][t % 9]!,
  }));

  it.each(cases.map((c, i) => [i, c] as const))('case %i equals the bcrypt-pbkdf package', (_i, c) => {
    const want = new Uint8Array(c.keyLen);
    expect(bcrypt.pbkdf(c.password, c.password.length, c.salt, c.salt.length, want, c.keyLen, c.rounds)).toBe(0);
    expect(toHex(bcryptPbkdfRaw(c.password, c.salt, c.rounds, c.keyLen))).toBe(toHex(want));
  });

  it('opens keys ssh-keygen encrypted with 16 and 100 rounds', async () => {
    for (const path of ['ssh/ed25519-a100', 'ssh/rsa-3072-a100']) {
      const r = await read(path, ['test-password']);
      expect([r.errors, r.items.map((i) => i.encrypted)]).toEqual([[], [false]]);
    }
  });

  it('refuses parameters OpenBSD refuses', () => {
    expect(() => bcryptPbkdfRaw(bytes(1, 8), new Uint8Array(0), 16, 32)).toThrow(RangeError);
    expect(() => bcryptPbkdfRaw(bytes(1, 8), bytes(2, 8), 0, 32)).toThrow(RangeError);
    expect(() => bcryptPbkdfRaw(bytes(1, 8), bytes(2, 8), 16, 1025)).toThrow(RangeError);
  });
});
