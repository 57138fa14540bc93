// Damaged inputs never throw out of the key entry points, and never take long.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromBase64 } from '../../core/bytes.js';
import { readKeyDer, readKeyPem } from '../../core/keys/read.js';
import { readSshPublicText } from '../../core/keys/ssh-public.js';

const ROOT = process.env.PEM_FIXTURES ?? new URL('../fixtures/', import.meta.url).pathname;
const ctx = { passwords: ['test-password'], now: new Date() };

function pemBody(text: string): { label: string; der: Uint8Array } {
  const m = /-----BEGIN ([^-]+)-----\n([\s\S]*?)-----END/.exec(text)!;
  const body = m[2]!.split('\n').filter((l) => !l.includes(':')).join('');
  return { label: m[1]!, der: fromBase64(body)! };
}

const DER_FILES = ['keys/rsa-2048.pk8.der', 'keys/ec-p256.sec1.der', 'encrypted/pkcs8-aes256-cbc.der', 'pkcs12/server-rsa-legacy.p12', 'public/ed25519.pub.der'];
const PEM_FILES = ['ssh/id_ed25519', 'keys/dsa-2048.traditional.pem', 'encrypted/pkcs8-scrypt.key'];

describe('damaged key files', () => {
  it.each(DER_FILES)('%s: flipped bytes and truncations never throw', async (f) => {
    const orig = new Uint8Array(readFileSync(ROOT + 'files/' + f));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: orig.length - 1 }), fc.integer({ min: 1, max: 255 }), fc.boolean(), async (at, x, truncate) => {
        const b = truncate ? orig.slice(0, at) : orig.slice();
        if (!truncate) b[at] = b[at]! ^ x;
        const r = await readKeyDer(b, ctx);
        if (r) for (const e of r.errors) expect(e.code).toMatch(/^[a-z_]+$/);
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it.each(PEM_FILES)('%s: flipped bytes never throw', async (f) => {
    const { label, der } = pemBody(readFileSync(ROOT + 'files/' + f, 'utf8'));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: der.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, x) => {
        const b = der.slice();
        b[at] = b[at]! ^ x;
        const r = await readKeyPem({ label, headers: {}, der: b, line: 1, text: '' }, { passwords: [], now: new Date() });
        expect(Array.isArray(r.items)).toBe(true);
      }),
      { numRuns: 40 },
    );
  }, 60_000);
});

describe('random input', () => {
  it('random bytes and text never throw', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.string(), async (bytes, text) => {
        await readKeyDer(Uint8Array.from([0x30, ...bytes]), ctx);
        readSshPublicText('ssh-ed25519 ' + text, ctx);
      }),
      { numRuns: 300 },
    );
  });
});
