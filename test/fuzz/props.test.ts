/**
 * Property tests (fast-check) for the layer every file goes through first: base64, PEM
 * splitting, the DER reader, and the parseFile / asn1Tree entry points on arbitrary input.
 * Seeds are fixed so a failure reproduces; fast-check prints the shrunk counterexample.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asn1Tree } from '../../core/asn1tree.js';
import { base64Loop, fromBase64, toBase64 } from '../../core/bytes.js';
import { DerError, readRoot, readTlv, tlv, value } from '../../core/der.js';
import { parseFile } from '../../core/parse.js';
import { splitPem } from '../../core/pem.js';
import { ERROR_CODES } from './harness.js';

const RUNS = { seed: 7, numRuns: 300 };
const CODES = new Set<string>(ERROR_CODES);

const wrap = (b64: string) => (b64.match(/.{1,64}/g) ?? []).join('\n');
const LABELS = ['CERTIFICATE', 'PRIVATE KEY', 'PUBLIC KEY', 'X509 CRL', 'CERTIFICATE REQUEST', 'PKCS7', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY', 'PKCS12', 'EC PARAMETERS', 'TRUSTED CERTIFICATE', 'NEW CERTIFICATE REQUEST'];

/** Lines that cannot be mistaken for armour or base64 body lines. */
const junkLine = fc.string({ maxLength: 60 }).map((s) => `# ${s.replace(/[-\r\n\u2028\u2029\u0085]/g, ' ')}`);

describe('base64', () => {
  it('round-trips any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (b) => {
      expect(fromBase64(toBase64(b))).toEqual(b);
    }), RUNS);
  });

  it('agrees with Node on any bytes and ignores white space anywhere', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 500 }), fc.array(fc.nat(), { maxLength: 20 }), (b, cuts) => {
      const text = toBase64(b);
      expect(text).toBe(Buffer.from(b).toString('base64'));
      let spaced = text;
      for (const c of cuts) {
        const at = c % (spaced.length + 1);
        spaced = `${spaced.slice(0, at)}${' \t\r\n'[c % 4]}${spaced.slice(at)}`;
      }
      expect(fromBase64(spaced)).toEqual(b);
    }), RUNS);
  });

  it('never throws on arbitrary text, and what it accepts decodes as Node decodes it', () => {
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.stringMatching(/^[A-Za-z0-9+/=\s]{0,200}$/)), (s) => {
      const out = fromBase64(s);
      if (out !== undefined) expect(Buffer.from(out).toString('base64').replace(/=+$/, '')).toBe(Buffer.from(s.replace(/\s/g, ''), 'base64').toString('base64').replace(/=+$/, ''));
    }), { ...RUNS, numRuns: 1000 });
  });

  it('the platform decoder path gives exactly the portable loop\'s verdict and bytes', () => {
    // Long enough for fromBase64 to take the native path; padding, white space (vertical tab
    // too) and stray characters anywhere.
    const ch = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split(''), '=', '\n', '\r', ' ', '\t', '\v', '\f', '-', '\u00a0');
    const text = fc.oneof(
      fc.array(ch, { minLength: 60, maxLength: 400 }).map((cs) => cs.join('')),
      fc.tuple(fc.uint8Array({ minLength: 48, maxLength: 400 }), fc.array(fc.tuple(fc.nat(), ch), { maxLength: 4 })).map(([b, edits]) => {
        let s = wrap(toBase64(b));
        for (const [at, c] of edits) s = s.slice(0, at % s.length) + c + s.slice(at % s.length);
        return s;
      }),
    );
    fc.assert(fc.property(text, (s) => {
      expect(fromBase64(s)).toEqual(base64Loop(s));
    }), { ...RUNS, numRuns: 2000 });
  });
});

describe('splitPem', () => {
  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 2000, unit: 'binary' }), (s) => {
      const r = splitPem(s);
      for (const p of r.problems) expect(CODES.has(p.code)).toBe(true);
    }), { ...RUNS, numRuns: 500 });
  });

  it('never throws on armour-shaped text', () => {
    const piece = fc.oneof(fc.constantFrom('-----BEGIN ', '-----END ', '-----', '\n', '\r\n', 'Proc-Type: 4,ENCRYPTED\n', 'DEK-Info: AES-128-CBC,00\n', '==', 'QUJD', ':'), fc.constantFrom(...LABELS), fc.string({ maxLength: 8 }));
    fc.assert(fc.property(fc.array(piece, { maxLength: 60 }), (parts) => {
      splitPem(parts.join(''));
    }), { ...RUNS, numRuns: 1000 });
  });

  it('finds every block embedded among other text, in order, with its bytes', () => {
    const block = fc.record({ label: fc.constantFrom(...LABELS), der: fc.uint8Array({ minLength: 1, maxLength: 300 }), before: fc.array(junkLine, { maxLength: 4 }) });
    fc.assert(fc.property(fc.array(block, { minLength: 1, maxLength: 6 }), fc.constantFrom('\n', '\r\n'), (blocks, eol) => {
      const text = blocks.map((b) => [...b.before, `-----BEGIN ${b.label}-----`, wrap(toBase64(b.der)), `-----END ${b.label}-----`].join(eol)).join(eol);
      const r = splitPem(text);
      expect(r.problems).toEqual([]);
      expect(r.blocks.map((b) => b.label)).toEqual(blocks.map((b) => b.label));
      r.blocks.forEach((got, i) => expect(got.der).toEqual(blocks[i]!.der));
    }), RUNS);
  });
});

describe('DER reader', () => {
  it('readTlv throws nothing but DerError on arbitrary bytes, strict or lenient, at any offset', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.boolean(), (b, off, lenient) => {
      try {
        const t = readTlv(b, b.length ? off % b.length : 0, b.length, lenient ? { notes: [] } : undefined);
        expect(t.end).toBeLessThanOrEqual(b.length);
        expect(t.valueStart).toBeLessThanOrEqual(t.end);
      } catch (e) {
        expect(e).toBeInstanceOf(DerError);
      }
    }), { ...RUNS, numRuns: 3000 });
  });

  it('readTlv throws nothing but DerError on TLV-shaped bytes', () => {
    const header = fc.tuple(fc.constantFrom(0x30, 0x31, 0xa0, 0x04, 0x03, 0x02, 0x1f, 0x3f, 0x00), fc.constantFrom(0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x84, 0x85, 0x88, 0xff));
    fc.assert(fc.property(fc.array(fc.oneof(header.map(([t, l]) => [t, l]), fc.uint8Array({ maxLength: 4 }).map((a) => [...a])), { maxLength: 40 }), (parts) => {
      const b = Uint8Array.from(parts.flat());
      try {
        readTlv(b, 0, b.length, { notes: [] });
        readRoot(b);
      } catch (e) {
        expect(e).toBeInstanceOf(DerError);
      }
    }), { ...RUNS, numRuns: 3000 });
  });

  it('reads back what the writer wrote, for any content length', () => {
    fc.assert(fc.property(fc.constantFrom(0x04, 0x0c, 0x30, 0x80), fc.uint8Array({ maxLength: 70_000 }), (tag, content) => {
      const t = readRoot(tag === 0x30 ? tlv(tag, tlv(0x04, content)) : tlv(tag, content));
      expect(t.tag).toBe(tag);
      if (tag !== 0x30) expect(value(t)).toEqual(content);
    }), { ...RUNS, numRuns: 50 });
  });
});

describe('entry points on arbitrary input', () => {
  const input = fc.oneof(
    fc.uint8Array({ maxLength: 600 }),
    fc.uint8Array({ maxLength: 600 }).map((b) => Uint8Array.from([0x30, ...b])),
    fc.tuple(fc.constantFrom(...LABELS), fc.uint8Array({ maxLength: 400 })).map(([l, b]) => new TextEncoder().encode(`-----BEGIN ${l}-----\n${wrap(toBase64(Uint8Array.from([0x30, 0x82, b.length >> 8, b.length & 0xff, ...b])))}\n-----END ${l}-----\n`)),
    fc.string({ maxLength: 600 }).map((s) => new TextEncoder().encode(s)),
    fc.string({ maxLength: 200 }).map((s) => new TextEncoder().encode(`ssh-ed25519 ${s}`)),
  );

  it('parseFile resolves with coded problems, with and without a password', async () => {
    await fc.assert(fc.asyncProperty(input, fc.boolean(), async (bytes, pw) => {
      const r = await parseFile({ name: 'x', bytes, passwords: pw ? ['test-password'] : [] });
      expect(Array.isArray(r.items)).toBe(true);
      for (const p of r.errors) {
        expect(CODES.has(p.code)).toBe(true);
        expect(p.message.length).toBeGreaterThan(0);
      }
    }), { ...RUNS, numRuns: 400 });
  }, 60_000);

  it('asn1Tree returns a tree or a coded problem on arbitrary bytes', () => {
    fc.assert(fc.property(input, (bytes) => {
      const r = asn1Tree(bytes);
      if (r.problem) expect(CODES.has(r.problem.code)).toBe(true);
      else expect(r.root).toBeDefined();
    }), { ...RUNS, numRuns: 1000 });
  });
});
