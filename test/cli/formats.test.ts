/**
 * `inspect` over the new containers: the human output shows each item's location (names from
 * the file made visible), `--json` carries location/container, exit codes follow the contract.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT, run, STACK_FRAME } from './helpers.js';
import { FORMATS_ROOT } from '../fixtures/formats/manifest.js';

const f = (p: string) => path.join(FORMATS_ROOT, p);

describe('inspect: keystores, manifests, kubeconfigs, wrapped text', () => {
  beforeAll(() => ensureBuilt());

  it('shows where each item sat in its container, and secret keys by algorithm only', () => {
    const r = run(['inspect', '--password', 'jcekspass', f('jks/store.jceks')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Location:    alias "client" (private key entry)');
    expect(r.stdout).toContain('Location:    alias "client" (private key entry) chain[1]');
    expect(r.stdout).toMatch(/SECRET KEY[^\n]*\n\s+Location:\s+alias "aes-key" \(secret key entry\)\n\s+Key:\s+AES 256 bits/);
  });

  it('--json gives location and container for every item of a kubeconfig', () => {
    const r = run(['inspect', '--json', f('kubernetes/kubeconfig.yaml')]);
    expect(r.code).toBe(0);
    const items = JSON.parse(r.stdout).files[0].items as { location: string; container: string; kind: string }[];
    expect(items.map((i) => [i.kind, i.container, i.location])).toEqual([
      ['certificate', 'kubeconfig', 'kubeconfig clusters[test-cluster].certificate-authority-data'],
      ['certificate', 'kubeconfig', 'kubeconfig users[admin].client-certificate-data'],
      ['private-key', 'kubeconfig', 'kubeconfig users[admin].client-key-data'],
    ]);
  });

  it('a control character in an alias is shown visibly, never sent to the terminal', () => {
    const pem = readFileSync(f('keys/ca.crt'), 'utf8');
    const r = run(['inspect', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x\x1b]0;pwned\x07' }, data: { 'ca.crt': pem } }) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Location:    ConfigMap x\\x1b]0;pwned\\x07 data["ca.crt"]');
    expect(r.stdout + r.stderr).not.toContain('\x1b]0;');
    expect(r.stdout + r.stderr).not.toMatch(STACK_FRAME);
  });

  it('a wrong store password is exit 1 with password_wrong; damaged keystores say so', () => {
    const wrong = run(['inspect', '--password', 'nope', f('jks/truststore.jks')]);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toContain('password_wrong');
    const broken = run(['inspect', f('broken/truncated.jks')]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('der_invalid');
    expect(broken.stdout + broken.stderr).not.toMatch(STACK_FRAME);
  });
});

describe('the new readers load only when a file needs them', () => {
  it('the CLI pool worker starts without the YAML parser or the keystore and Kubernetes readers', () => {
    ensureBuilt();
    const dir = path.join(ROOT, 'dist/cli');
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const m of readFileSync(path.join(dir, file), 'utf8').matchAll(/^import\s(?:[^;]*?from\s*)?"\.\/([^"]+)"/gm)) visit(m[1]!);
    };
    visit('pool-worker.js');
    const loaded = [...seen].map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
    expect(loaded).toContain('core/readers.ts');
    for (const lazy of ['node_modules/yaml', 'core/jks/read.ts', 'core/kubernetes/read.ts', 'core/wrapped.ts']) expect(loaded).not.toContain(lazy);
    // They are in the build, behind import(), so the check above can fail.
    const all = readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(dir, f), 'utf8')).join('\n');
    for (const lazy of ['node_modules/yaml', 'core/jks/read.ts', 'core/kubernetes/read.ts']) expect(all).toContain(lazy);
  });
});
