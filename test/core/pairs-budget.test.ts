// findPairs on many copies and many keys: one signature proof per distinct (private key, public
// key), at most MAX_PROOFS per call, the rest reported from the key comparison alone.
import { readFileSync } from 'node:fs';
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { toBase64, utf8Encode } from '../../core/bytes.js';
import { rawSpki } from '../../core/keys/spki-build.js';
import { rawToPkcs8 } from '../../core/keys/pkcs8.js';
import { OID } from '../../core/oids.js';
import { MAX_PROOFS, findPairs } from '../../core/pairs.js';
import { parseFile } from '../../core/parse.js';
import { timed, within } from '../wall-clock.js';

/** Time on a quiet machine, at least (CPU time measured with PEM_TIMING_REPORT=1, rounded up); bounds are ten times it (test/wall-clock.ts). */
const QUIET_MS = { findPairs: 100 /* measured ~30 */ };

const armour = (label: string, der: Uint8Array) => `-----BEGIN ${label}-----\n${toBase64(der)}\n-----END ${label}-----\n`;

describe('findPairs work', () => {
  it('30 copies of an RSA key and 30 of its certificate: 900 matches, one proof, well under a second', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../fuzz/crashers/slow-findpairs-rsa-key-and-cert-x30.pem', import.meta.url)));
    const { items } = await parseFile({ name: 'x30.pem', bytes });
    expect(items.filter((i) => i.kind === 'private-key').length).toBe(30);
    const { ms, r: pairs } = await timed(() => findPairs(items), 'findPairs x30');
    expect(ms).toBeLessThan(within(QUIET_MS.findPairs));
    expect(pairs.length).toBe(900);
    for (const p of pairs) {
      expect(p.result.verdict).toBe('match');
      expect(p.result.proof).toMatchObject({ signed: true, verified: true });
    }
    // Each pair has its own proof object: callers may change one without touching the others.
    expect(pairs[0]!.result.proof).not.toBe(pairs[1]!.result.proof);
  });

  it(`proves the first ${MAX_PROOFS} distinct pairs and reports the rest as matches without a proof`, async () => {
    const n = MAX_PROOFS + 6;
    let text = '';
    for (let i = 0; i < n; i++) {
      const sk = ed25519.utils.randomSecretKey();
      text += armour('PRIVATE KEY', rawToPkcs8(OID.ed25519, sk)) + armour('PUBLIC KEY', rawSpki(OID.ed25519, ed25519.getPublicKey(sk)));
    }
    const { items, errors } = await parseFile({ name: 'many.pem', bytes: utf8Encode(text) });
    expect(errors).toEqual([]);
    const pairs = await findPairs(items);
    expect(pairs.length).toBe(n);
    expect(pairs.every((p) => p.result.verdict === 'match')).toBe(true);
    const proved = pairs.filter((p) => p.result.proof);
    expect(proved.length).toBe(MAX_PROOFS);
    expect(proved.every((p) => p.result.proof!.verified)).toBe(true);
    const unproved = pairs.filter((p) => !p.result.proof);
    expect(unproved.length).toBe(n - MAX_PROOFS);
    for (const p of unproved) expect(p.result.message).toMatch(/public halves are identical\. Not proved by a signature: only the first 64/);
  });

  it('a key with no partner appears in no pair, beyond the proof cap too', async () => {
    let text = '';
    for (let i = 0; i < MAX_PROOFS + 1; i++) {
      const sk = ed25519.utils.randomSecretKey();
      text += armour('PRIVATE KEY', rawToPkcs8(OID.ed25519, sk)) + armour('PUBLIC KEY', rawSpki(OID.ed25519, ed25519.getPublicKey(sk)));
    }
    text += armour('PRIVATE KEY', rawToPkcs8(OID.ed25519, ed25519.utils.randomSecretKey()));
    const { items } = await parseFile({ name: 'x.pem', bytes: utf8Encode(text) });
    const pairs = await findPairs(items);
    // findPairs lists only equal public halves, so the stranger key appears in no pair.
    expect(pairs.some((p) => p.privateIndex === items.length - 1)).toBe(false);
    expect(pairs.length).toBe(MAX_PROOFS + 1);
  });
});
