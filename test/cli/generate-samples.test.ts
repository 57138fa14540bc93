/** The committed samples/: every file is explained in the README, reads cleanly, and the wrong ones are wrong. */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseIn, spkiSha256 } from '../core/generate-helpers.js';
import { ROOT } from './helpers.js';
import type { Item } from '../../core/types.js';

const SAMPLES = path.join(ROOT, 'samples');
const PASSWORD = 'sample-password';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [path.relative(SAMPLES, p)];
  });
}

describe('samples/', () => {
  const all = files(SAMPLES).filter((f) => f !== 'README.md').sort();
  const readme = readFileSync(path.join(SAMPLES, 'README.md'), 'utf8');

  it('holds the promised set, small', () => {
    for (const f of ['test-pki/ca.crt', 'test-pki/fullchain.pem', 'test-pki/server.p12', 'csr/server.csr', 'keys/encrypted.key', 'keys/rsa-2048.der', 'wrong/lonely.key', 'wrong/expired.crt', 'wrong/wrong-order-fullchain.pem']) {
      expect(all).toContain(f);
    }
    const total = all.reduce((n, f) => n + statSync(path.join(SAMPLES, f)).size, 0);
    expect(total).toBeLessThan(200 * 1024);
    expect(readme).toContain(`\`${PASSWORD}\``);
  });

  it('explains every file in the README', () => {
    for (const f of all) {
      const base = path.basename(f);
      const stem = base.replace(/(-pkcs1|-sec1)?\.(key|der|pub\.pem|pub)$/, '');
      expect(readme.includes(`\`${base}\``) || readme.includes(`\`${stem}\``), f).toBe(true);
    }
  });

  it('reads every file without errors (with the password where needed)', async () => {
    const items = new Map<string, Item[]>();
    for (const f of all) {
      const r = await parseIn(SAMPLES, f, [PASSWORD]);
      expect(r.errors, f).toEqual([]);
      expect(r.items.length, f).toBeGreaterThan(0);
      expect(r.items.every((i) => !i.encrypted), f).toBe(true);
      items.set(f, r.items);
    }
    const key = (f: string) => spkiSha256(items.get(f)![0]);
    expect(key('test-pki/server.key')).toBe(key('test-pki/server.crt'));
    expect(key('keys/rsa-2048.der')).toBe(key('keys/rsa-2048.pub'));
    expect(key('keys/ec-p256-sec1.key')).toBe(key('keys/ec-p256.pub.pem'));
    expect(key('keys/encrypted.key')).toBe(key('keys/encrypted.pub'));
    const lonely = key('wrong/lonely.key');
    const others = [...items.entries()].filter(([f]) => f !== 'wrong/lonely.key').flatMap(([, list]) => list.map(spkiSha256));
    expect(others).not.toContain(lonely);
    expect(items.get('wrong/expired.crt')![0]!.findings.map((x) => x.code)).toContain('expired');
    const order = items.get('wrong/wrong-order-fullchain.pem')!;
    expect(order.map((i) => i.label)).toEqual(['PEM Inspector Test Intermediate CA', 'localhost']);
  });
});
