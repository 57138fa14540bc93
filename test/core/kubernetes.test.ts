/**
 * Kubernetes Secrets, ConfigMaps, Lists and kubeconfigs written around OpenSSL-made keys, and a
 * kubeadm pki/ folder with its kubeconfigs: items, locations and SPKI SHA-256 equal OpenSSL's,
 * every chain and pair of the cluster found by core's relation engines, and the limits.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildChains } from '../../core/chain/index.js';
import { toBase64, utf8Encode } from '../../core/bytes.js';
import { KUBE_LIMITS } from '../../core/kubernetes/documents.js';
import { findPairs } from '../../core/pairs.js';
import { parseFile } from '../../core/parse.js';
import type { CertificateItem, Item } from '../../core/types.js';
import { FORMATS_ROOT, MANIFEST, expectItems, fixtureBytes, read } from '../fixtures/formats/manifest.js';

const FILES = Object.entries(MANIFEST.files).filter(([n]) => n.startsWith('kubernetes/') || /^kubeadm\/[^/]+\.conf$/.test(n));
const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);
const text = (s: string) => parseFile({ name: 'manifest.yaml', bytes: utf8Encode(s) });

describe('manifests and kubeconfigs read as OpenSSL reads their keys', () => {
  it('has the fixtures', () => expect(FILES.length).toBe(14));

  it.each(FILES)('%s', async (name, spec) => {
    const r = await read(name, spec.passwords);
    expect(codes(r)).toEqual(spec.errors ?? []);
    expectItems(r, spec);
    const said = [...r.errors.map((e) => e.message), ...r.items.flatMap((i) => i.findings.map((f) => f.message))].join(' ');
    for (const m of spec.mentions ?? []) expect(said).toContain(m);
    for (const code of spec.findings ?? []) for (const item of r.items) expect(item.findings.map((f) => f.code)).toContain(code);
  });

  it('a Secret holding a private key is secret; a ConfigMap of a CA certificate is not', async () => {
    expect((await read('kubernetes/tls-secret.yaml')).items.some((i) => i.sensitivity === 'private')).toBe(true);
    expect((await read('kubernetes/kube-root-ca.yaml')).items.every((i) => i.sensitivity === 'public')).toBe(true);
  });

  it('Java keystores inside a Secret are read with the Secret\'s location before their own', async () => {
    const locked = await read('kubernetes/keystore-secret.yaml');
    const key = locked.items.find((i) => i.kind === 'private-key')!;
    expect(key.encrypted).toBe(true);
    expect(key.location).toBe('Secret payments/java-keystore data["keystore.jks"] > alias "server" (private key entry)');
  });

  it('values that are not certificates or keys are passed over; damaged ones are errors naming their place', async () => {
    const pem = new TextDecoder().decode(fixtureBytes('keys/ca.crt'));
    const r = await text(
      `apiVersion: v1\nkind: Secret\nmetadata: {name: mixed, namespace: ns}\nstringData:\n  password: hunter2\n  token: ${'A'.repeat(40)}\n  ca.crt: |\n${pem.replace(/^/gm, '    ')}\n  broken.crt: |\n    -----BEGIN CERTIFICATE-----\n    MIIB!!!\n    -----END CERTIFICATE-----\ndata:\n  bad: '%%%'\n`,
    );
    expect(r.items.map((i) => i.location)).toEqual(['Secret ns/mixed stringData["ca.crt"]']);
    const msgs = r.errors.map((e) => `${e.code} ${e.message}`);
    expect(msgs.some((m) => m.startsWith('base64_invalid Secret ns/mixed data["bad"]'))).toBe(true);
    expect(msgs.some((m) => /^base64_invalid Secret ns\/mixed stringData\["broken.crt"\]/.test(m))).toBe(true);
    expect(msgs.join(' ')).not.toMatch(/password|token/);
  });

  it('a Secret value that is base64 twice over (a common mistake) is read and the finding says so', async () => {
    const once = toBase64(fixtureBytes('keys/ca.crt'));
    const r = await text(`apiVersion: v1\nkind: Secret\nmetadata: {name: twice}\ndata:\n  ca.crt: ${toBase64(utf8Encode(once))}\n`);
    expect(r.items).toHaveLength(1);
    expect(r.items[0]!.findings.map((f) => f.code)).toContain('wrapped_base64');
  });

  it('a manifest of another kind says what it is', async () => {
    const r = await text('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n');
    expect(codes(r)).toEqual(['unknown_format']);
    expect(r.errors[0]!.message).toContain('Deployment (apps/v1)');
  });

  it('YAML that only looks like a kubeconfig says it is none', async () => {
    const r = await text('users:\n  alice: admin\n  bob: viewer\n');
    expect(codes(r)).toEqual(['unknown_format']);
    expect(r.errors[0]!.message).toBe('This YAML or JSON is not a Kubernetes Secret, ConfigMap or kubeconfig, and holds no PEM block.');
  });

  it('invalid YAML is a clear error, not a crash', async () => {
    const r = await text('apiVersion: v1\nkind: Secret\ndata: [unclosed\n  tls.crt: x\n');
    expect(codes(r)).toContain('unknown_format');
    expect(r.errors[0]!.message).toMatch(/not valid YAML/);
  });

  it('recognised by content: a kubeconfig without kind, JSON on one line', async () => {
    const conf = new TextDecoder().decode(fixtureBytes('kubernetes/kubeconfig.yaml')).replace(/^kind: Config\n/m, '').replace(/^apiVersion: v1\n/m, '');
    expect((await parseFile({ name: 'config', bytes: utf8Encode(conf) })).items).toHaveLength(3);
    const json = JSON.stringify(JSON.parse(new TextDecoder().decode(fixtureBytes('kubernetes/tls-secret.json'))));
    expect((await parseFile({ name: 'x', bytes: utf8Encode(json) })).items).toHaveLength(4);
  });
});

describe('relations inside one kubeconfig', () => {
  it('its client certificate pairs with its key and chains to its embedded CA', async () => {
    const r = await read('kubernetes/kubeconfig.yaml');
    const [ca, cert, key] = [0, 1, 2];
    const pairs = await findPairs(r.items);
    expect(pairs.some((p) => p.privateIndex === key && p.publicIndex === cert && p.result.verdict === 'match')).toBe(true);
    const chains = await buildChains([r.items[cert] as CertificateItem], [r.items[ca] as CertificateItem], new Date());
    expect(chains.map((c) => [c.valid, c.chain.map((l) => l.subject)])).toEqual([[true, ['CN=client.formats.test', 'CN=Formats Test CA']]]);
  });
});

describe('limits: YAML aliases, nesting and size, JSON depth', () => {
  it('a billion-laughs alias expansion is limit_exceeded', async () => {
    let bomb = 'apiVersion: v1\nkind: ConfigMap\na0: &a0 [x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 10; i++) bomb += `a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    const r = await text(bomb);
    expect(codes(r)).toEqual(['limit_exceeded']);
  });

  it(`more than ${KUBE_LIMITS.yamlMarks.toLocaleString('en-US')} keys, or ${KUBE_LIMITS.yamlLines.toLocaleString('en-US')} lines, or as many documents, are refused before parsing, with a way out`, async () => {
    const keys = `apiVersion: v1\nkind: ConfigMap\ndata:\n${Array.from({ length: KUBE_LIMITS.yamlMarks }, (_, i) => `  k${i}: v\n`).join('')}`;
    const docs = `apiVersion: v1\n${'---\n'.repeat(KUBE_LIMITS.yamlMarks + 1)}`;
    const lines = `apiVersion: v1\nkind: ConfigMap\ndata:\n  x: |\n${'    a\n'.repeat(KUBE_LIMITS.yamlLines)}`;
    for (const t of [keys, docs, lines]) {
      const r = await text(t);
      expect(codes(r)).toEqual(['limit_exceeded']);
      expect(r.errors[0]!.message).toContain('-o json');
    }
  });

  it('deep flow nesting and deep indentation are refused before parsing', async () => {
    expect(codes(await text(`apiVersion: v1\nkind: Secret\ndata: ${'['.repeat(100_000)}`))).toEqual(['limit_exceeded']);
    expect(codes(await text(`apiVersion: v1\nkind: Secret\ndata:\n${'- '.repeat(50_000)}x\n`))).toEqual(['limit_exceeded']);
  });

  it(`YAML over ${KUBE_LIMITS.yamlBytes / 1024} KiB is refused with a way out (JSON); JSON is read`, async () => {
    const pem = new TextDecoder().decode(fixtureBytes('keys/ca.crt'));
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n  ca.crt: |\n${pem.replace(/^/gm, '    ')}\n  filler: "${'x'.repeat(KUBE_LIMITS.yamlBytes)}"\n`;
    const r = await text(big);
    expect(codes(r)).toEqual(['limit_exceeded']);
    expect(r.errors[0]!.message).toContain('-o json');
    const json = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big' }, data: { 'ca.crt': pem, filler: 'x'.repeat(KUBE_LIMITS.yamlBytes) } });
    expect((await parseFile({ name: 'big.json', bytes: utf8Encode(json) })).items).toHaveLength(1);
  });

  it(`more than ${KUBE_LIMITS.values.toLocaleString('en-US')} values is limit_exceeded, the first ones read`, async () => {
    const pem = new TextDecoder().decode(fixtureBytes('keys/ca.crt'));
    const data: Record<string, string> = { 'ca.crt': pem };
    for (let i = 0; i < KUBE_LIMITS.values + 10; i++) data[`v${i}`] = 'x';
    const r = await parseFile({ name: 'many.json', bytes: utf8Encode(JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'many' }, data })) });
    expect(r.items).toHaveLength(1);
    expect(codes(r)).toEqual(['limit_exceeded']);
  });

  it('JSON nested deeper than 64 is limit_exceeded', async () => {
    const deep = `{"apiVersion":"v1","kind":"Secret","data":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    expect(codes(await parseFile({ name: 'deep.json', bytes: utf8Encode(deep) }))).toEqual(['limit_exceeded']);
  });
});

describe('a kubeadm pki/ folder and admin.conf dropped together', () => {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = path.join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else files.push(path.relative(FORMATS_ROOT, p));
    }
  };
  walk(path.join(FORMATS_ROOT, 'kubeadm'));

  async function loadAll(): Promise<{ items: Item[]; fileOf: string[] }> {
    const items: Item[] = [];
    const fileOf: string[] = [];
    for (const f of files) {
      const r = await read(f);
      expect(r.errors, f).toEqual([]);
      for (const i of r.items) {
        items.push(i);
        fileOf.push(f);
      }
    }
    return { items, fileOf };
  }

  it('every chain (cluster CA, front-proxy CA, etcd CA) links up and is valid', async () => {
    const { items } = await loadAll();
    const certs = items.filter((i): i is CertificateItem => i.kind === 'certificate');
    const anchors = certs.filter((c) => c.selfIssued);
    expect(new Set(anchors.map((a) => a.subject.text))).toEqual(new Set(['CN=kubernetes', 'CN=front-proxy-ca', 'CN=etcd-ca']));
    const chains = await buildChains(certs.filter((c) => !c.selfIssued), anchors, new Date());
    const top = new Map(chains.map((c) => [c.chain[0]!.subject, c]));
    const want: Record<string, string> = {
      'CN=kube-apiserver': 'CN=kubernetes',
      'CN=kube-apiserver-kubelet-client, O=kubeadm:cluster-admins': 'CN=kubernetes',
      'CN=kubernetes-admin, O=kubeadm:cluster-admins': 'CN=kubernetes',
      'CN=system:kube-controller-manager': 'CN=kubernetes',
      'CN=system:kube-scheduler': 'CN=kubernetes',
      'CN=front-proxy-client': 'CN=front-proxy-ca',
      'CN=kube-etcd-healthcheck-client': 'CN=etcd-ca',
      'CN=kube-apiserver-etcd-client': 'CN=etcd-ca',
      'CN=control-plane': 'CN=etcd-ca',
    };
    for (const [leaf, root] of Object.entries(want)) {
      const c = top.get(leaf);
      expect(c, leaf).toBeDefined();
      expect(c!.valid, `${leaf}: ${c!.issues.map((i) => i.message).join('; ')}`).toBe(true);
      expect(c!.chain.at(-1)!.subject).toBe(root);
    }
    // Every expiry is at hand: each certificate has its notAfter.
    for (const c of certs) expect(Date.parse(c.notAfter)).toBeGreaterThan(Date.now());
  });

  it('every pair: each .crt with its .key, sa.key with sa.pub, each kubeconfig\'s client certificate with its key', async () => {
    const { items, fileOf } = await loadAll();
    const pairs = await findPairs(items);
    const found = new Set(pairs.filter((p) => p.result.verdict === 'match').map((p) => `${fileOf[p.privateIndex]} ${fileOf[p.publicIndex]}`));
    for (const f of files.filter((n) => n.endsWith('.key'))) {
      const partner = f === 'kubeadm/pki/sa.key' ? 'kubeadm/pki/sa.pub' : f.replace(/\.key$/, '.crt');
      expect(found, `${f} ⇄ ${partner}`).toContain(`${f} ${partner}`);
    }
    for (const conf of ['admin.conf', 'controller-manager.conf', 'scheduler.conf']) {
      const key = items.findIndex((i, n) => fileOf[n] === `kubeadm/${conf}` && i.kind === 'private-key');
      const cert = items.findIndex((i, n) => fileOf[n] === `kubeadm/${conf}` && i.location?.endsWith('client-certificate-data'));
      expect(pairs.some((p) => p.privateIndex === key && p.publicIndex === cert && p.result.verdict === 'match'), conf).toBe(true);
    }
    // The cluster CA's key in pki/ pairs with the CA embedded in admin.conf: one key, across containers.
    const caKey = items.findIndex((_, n) => fileOf[n] === 'kubeadm/pki/ca.key');
    const embedded = items.findIndex((i, n) => fileOf[n] === 'kubeadm/admin.conf' && i.location?.includes('certificate-authority-data'));
    expect(pairs.some((p) => p.privateIndex === caKey && p.publicIndex === embedded)).toBe(true);
  });
});
