/** The harness must see what it is there to see: a control for each check, and clean fixtures. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDerTree, encodeNode, integerContent, workFactorIntegers } from './dertree.js';
import { CALL_LIMIT_MS, FIXTURE_ROOT, Recorder, runCase } from './harness.js';
import { within } from '../wall-clock.js';
import { mutate } from './mutators.js';
import { Rng } from './prng.js';

describe('harness checks', () => {
  it('records a thrown error, a rejection, a slow call and a bad problem', async () => {
    const rec = new Recorder();
    await rec.time('throws', () => {
      throw new TypeError('boom');
    });
    await rec.time('rejects', () => Promise.reject(new Error('nope')));
    await rec.time('slow', () => new Promise((r) => setTimeout(r, 60)), 20);
    rec.problem('no code', { code: 'made_up', message: 'x' });
    rec.problem('no message', { code: 'der_invalid', message: ' ' });
    rec.problem('masked', { code: 'der_invalid', message: 'x', detail: "Cannot read properties of undefined (reading 'x')" });
    expect(rec.violations.map((v) => `${v.kind}:${v.call}`)).toEqual(['threw:throws', 'threw:rejects', 'slow:slow', 'bad-problem:no code', 'bad-problem:no message']);
    expect(rec.masked).toHaveLength(1);
  });

  it.each(['certs/server-rsa.crt', 'pkcs12/server-rsa.p12', 'variants/server-ec-combined.pem', 'ssh/id_ed25519'])('finds nothing wrong with the intact fixture %s', async (name) => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURE_ROOT, name)));
    // Ten times the 1 s a call may take on a quiet machine (test/wall-clock.ts).
    const r = await runCase(name, bytes, { limitMs: within(CALL_LIMIT_MS) });
    expect(r.violations).toEqual([]);
    expect(r.items).toBeGreaterThan(0);
  });
});

describe('mutators', () => {
  it('are reproducible from the seed and change the input', () => {
    const sample = { name: 'certs/server-rsa.der', bytes: new Uint8Array(readFileSync(join(FIXTURE_ROOT, 'certs/server-rsa.der'))) };
    const a = Array.from({ length: 30 }, (_, i) => mutate(sample, new Rng(i)));
    const b = Array.from({ length: 30 }, (_, i) => mutate(sample, new Rng(i)));
    expect(a).toEqual(b);
    expect(a.filter((m) => m.bytes.length === sample.bytes.length && m.bytes.every((x, i) => x === sample.bytes[i])).length).toBeLessThan(3);
  });

  it('finds the work factors of a PKCS#12 file and rewrites them with consistent lengths', () => {
    const p12 = new Uint8Array(readFileSync(join(FIXTURE_ROOT, 'pkcs12/server-rsa.p12')));
    const root = parseDerTree(p12)!;
    expect(encodeNode(root)).toEqual(p12);
    const ints = workFactorIntegers(root);
    expect(ints.length).toBeGreaterThanOrEqual(2);
    for (const n of ints) n.content = integerContent(2n ** 40n);
    const again = workFactorIntegers(parseDerTree(encodeNode(root))!);
    expect(again.map((n) => Buffer.from(n.content!).toString('hex'))).toEqual(ints.map(() => '010000000000'));
  });
});
