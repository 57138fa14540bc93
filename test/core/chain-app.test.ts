/**
 * The app's chain view (buildChains) and `verify` (verifyChain) differ on one point only:
 * RFC 5280 profile lapses are warnings in the app and failures in verify.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseFile } from '../../core/parse.js';
import { buildChains, verifyChain } from '../../core/chain/index.js';
import type { CertificateItem } from '../../core/types.js';

const dir = new URL('../fixtures/extra/casual/', import.meta.url);
const at = new Date('2027-01-01T00:00:00Z');

async function cert(name: string): Promise<CertificateItem> {
  const r = await parseFile({ name, bytes: new Uint8Array(readFileSync(new URL(name, dir))) });
  const c = r.items[0];
  if (c?.kind !== 'certificate') throw new Error(`${name} is not a certificate`);
  return c;
}

describe('a chain whose intermediate does not mark basicConstraints critical', () => {
  it('is invalid for verify (strict, like openssl verify -x509_strict)', async () => {
    const [root, int, leaf] = await Promise.all(['ca.crt', 'int.crt', 'leaf.crt'].map(cert));
    const r = await verifyChain(leaf!.der, { trusted: [root!.der], untrusted: [int!.der], crls: [], at, purpose: 'any' });
    expect(r.valid).toBe(false);
    expect(r.issues.map((i) => [i.code, i.certIndex])).toContainEqual(['profile', 1]);
  });

  it('is valid in the app, with the lapse kept as a warning', async () => {
    const [root, int, leaf] = await Promise.all(['ca.crt', 'int.crt', 'leaf.crt'].map(cert));
    const [r, ...rest] = await buildChains([leaf!, int!], [root!], at);
    expect(rest).toEqual([]);
    expect(r!.valid).toBe(true);
    expect(r!.chain.map((l) => l.status)).toEqual(['ok', 'ok', 'ok']);
    expect(r!.issues).toContainEqual(expect.objectContaining({ code: 'profile', certIndex: 1, severity: 'warning' }));
  });

  it('is still invalid in the app when a real error is present (evaluated after expiry)', async () => {
    const [root, int, leaf] = await Promise.all(['ca.crt', 'int.crt', 'leaf.crt'].map(cert));
    const [r] = await buildChains([leaf!, int!], [root!], new Date('2031-01-01T00:00:00Z'));
    expect(r!.valid).toBe(false);
    expect(r!.issues.some((i) => i.code === 'expired' && i.severity !== 'warning')).toBe(true);
  });
});
