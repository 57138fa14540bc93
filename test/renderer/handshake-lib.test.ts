/**
 * The window's side of the handshake walkthrough and of the profile switch, over real fixtures
 * (test/fixtures/handshake by OpenSSL, test/fixtures/chains/profiles by python cryptography):
 * the Worker's input builder sends a certificate's whole file in file order and trusts what the
 * window trusts, so its verdicts are the manifest's (which real TLS handshakes confirm in
 * test/core/tls-loopback.test.ts); the lane, status and bytes helpers; and trust verdicts that
 * carry their profile and keep findings apart from their reasons.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../core/parse.js';
import { buildChains } from '../../core/chain/index.js';
import { runHandshake } from '../../core/tls/index.js';
import type { HandshakeStep } from '../../core/tls/types.js';
import type { CertificateItem, ParseResult } from '../../core/types.js';
import type { Profile } from '../../core/relations.js';
import { fileChain, handshakeInput, trustName } from '../../renderer/src/lib/handshake-input.js';
import { hexLines, laneOf, statusOf, stepRefs } from '../../renderer/src/lib/handshake-view.js';
import type { HandshakeRequest, Relations } from '../../renderer/src/lib/protocol.js';
import { verdicts } from '../../renderer/src/lib/trust.js';

const HS = path.resolve(import.meta.dirname, '../fixtures/handshake/files');
const PROFILES = path.resolve(import.meta.dirname, '../fixtures/chains/profiles');

/** A Worker store of these files, by id `f0`, `f1`, ... in the order given. */
async function store(dir: string, names: string[]): Promise<Map<string, ParseResult>> {
  const m = new Map<string, ParseResult>();
  for (const [i, name] of names.entries()) m.set(`f${i}`, await parseFile({ name, bytes: new Uint8Array(readFileSync(path.join(dir, name))) }));
  return m;
}
const sha = (files: Map<string, ParseResult>, id: string) => files.get(id)!.items[0]!.sha256;
const NAMES = ['root-ca.crt', 'server-p256.fullchain.pem', 'server-p256.key', 'server-p256.crt', 'other-p256.key', 'server-p256.reversed.pem', 'other-root.crt', 'root-ca.crt'];
const request = (files: Map<string, ParseResult>, r: Partial<HandshakeRequest>): HandshakeRequest => ({
  key: { fileId: 'f2', index: 0 },
  cert: { fileId: 'f1', index: 0 },
  trusted: [sha(files, 'f0')],
  profile: 'webpki',
  at: Date.parse('2030-01-01T00:00:00Z'),
  ...r,
});

describe('the Worker builds the walkthrough from loaded items', async () => {
  const files = await store(HS, NAMES);

  it('sends the certificate file in file order and trusts each trusted certificate once', () => {
    const input = handshakeInput(files, [], request(files, { cert: { fileId: 'f5', index: 1 } }));
    expect(input.chain.map((c) => `${c.from.file}#${c.from.index}`)).toEqual(['f5#0', 'f5#1']);
    expect(input.chain.map((c) => c.item.subject.text)).toEqual(fileChain(files, { fileId: 'f5', index: 0 }).map((c) => c.item.subject.text));
    expect(input.chain[0]!.item.subject.text).toContain('Intermediate');
    // root-ca.crt is loaded twice (f0 and f7): one anchor, named once.
    expect(input.trusted).toHaveLength(1);
    expect(input.trustedName).toBe('root-ca.crt');
    expect(input.profile).toBe('webpki');
    expect(input.host).toBeUndefined();
  });

  it('refuses what is not a key or a certificate, and a locked key, with a sentence', async () => {
    const locked = await store(HS, ['server-p256.encrypted.key']);
    expect(() => handshakeInput(files, [], request(files, { key: { fileId: 'f0', index: 0 } }))).toThrow('The server key is not a private key.');
    expect(() => handshakeInput(files, [], request(files, { cert: { fileId: 'f2', index: 0 } }))).toThrow('The chosen item is not a certificate.');
    expect(() => handshakeInput(files, [], request(files, { cert: { fileId: 'f9', index: 0 } }))).toThrow('That item is no longer loaded.');
    const both = new Map([...files, ['f9', locked.get('f0')!]]);
    expect(() => handshakeInput(both, [], request(both, { key: { fileId: 'f9', index: 0 } }))).toThrow('The server key is locked: unlock it first.');
  });

  it('names the trust store in words', () => {
    expect(trustName([], 0)).toBe('no root (none is trusted in this window)');
    expect(trustName(['ca.crt', 'ca.crt'], 0)).toBe('ca.crt');
    expect(trustName(['a.crt', 'b.crt'], 146)).toBe('a.crt, b.crt and the system roots (146)');
    expect(trustName(['a', 'b', 'c', 'd', 'e'], 0)).toBe('a, b, c and 2 more loaded roots');
  });

  // The window's inputs give the verdicts the handshake manifest gives for the same files.
  const table: { name: string; req: Partial<HandshakeRequest>; code: string }[] = [
    { name: 'good pair', req: {}, code: 'connects' },
    { name: 'key of another certificate', req: { key: { fileId: 'f4', index: 0 } }, code: 'key_mismatch' },
    { name: 'certificate alone: missing intermediate', req: { cert: { fileId: 'f3', index: 0 } }, code: 'intermediate_missing' },
    { name: 'intermediate first', req: { cert: { fileId: 'f5', index: 1 } }, code: 'wrong_order' },
    { name: 'another root trusted', req: { trusted: [sha(files, 'f6')] }, code: 'untrusted_root' },
    { name: 'nothing trusted', req: { trusted: [] }, code: 'untrusted_root' },
    { name: 'wrong host', req: { host: ' wrong.handshake.test ' }, code: 'wrong_host' },
  ];
  for (const t of table) {
    it(`${t.name}: ${t.code}`, async () => {
      const result = await runHandshake(handshakeInput(files, [], request(files, t.req)));
      expect(result.verdict.code).toBe(t.code);
      // Every value's file is a file of this window.
      for (const s of result.steps) for (const r of stepRefs(s)) expect(files.get(r.fileId)?.items[r.index]).toBeDefined();
      if (t.req.host) expect(result.target.value).toBe('wrong.handshake.test');
    });
  }

  it('takes system roots as anchors when the window has them', async () => {
    const roots = [files.get('f0')!.items[0] as CertificateItem];
    const input = handshakeInput(files, roots, request(files, { trusted: [] }));
    expect(input.trustedName).toBe('the system roots (1)');
    expect((await runHandshake(input)).verdict.code).toBe('connects');
  });
});

describe('the walkthrough’s lanes, status and bytes', () => {
  const step = (s: Partial<HandshakeStep>): HandshakeStep => ({ id: 'certificate', title: 'Certificate', from: 'server', crypto: 'none', protocol: 'TLS 1.3', status: 'ok', reached: true, summary: '', proves: '', details: [], values: [], ...s });

  it('says who acts and which way, in words', () => {
    expect(laneOf(step({ from: 'client', to: 'server' }))).toMatchObject({ shown: 'client → server', said: 'sent by the client to the server', arrow: '→' });
    expect(laneOf(step({ from: 'server', to: 'client' }))).toMatchObject({ arrow: '←', left: true, right: true });
    expect(laneOf(step({ from: 'both' }))).toMatchObject({ shown: 'client + server', arrow: '', left: true, right: true });
    expect(laneOf(step({ from: 'client' }))).toMatchObject({ said: 'done by the client', left: true, right: false });
  });

  it('says how far a step got', () => {
    expect(statusOf(step({ status: 'failed' })).word).toBe('fails here');
    expect(statusOf(step({ status: 'failed', reached: false })).word).toBe('not reached');
    expect(statusOf(step({ status: 'warning' })).icon).toBe('warn');
  });

  it('lists each source file once and shows bytes 16 to a line', () => {
    const v = (file?: string, index = 0) => ({ name: 'x', size: 1, hex: '00', ...(file ? { from: { file, index } } : {}) });
    expect(stepRefs(step({ values: [v('f1'), v(), v('f1'), v('f2', 3)] }))).toEqual([{ fileId: 'f1', index: 0 }, { fileId: 'f2', index: 3 }]);
    const hex = Array.from({ length: 20 }, (_, i) => i.toString(16).padStart(2, '0')).join('');
    expect(hexLines(hex)).toEqual(['00 01 02 03 04 05 06 07 08 09 0a 0b 0c 0d 0e 0f', '10 11 12 13']);
    expect(hexLines('')).toEqual([]);
  });
});

describe('trust verdicts carry their profile and keep findings apart', async () => {
  const parsed = await store(PROFILES, ['root.pem', 'leaf-no-aki.pem']);
  const [root, leaf] = [...parsed.values()].map((r) => r.items[0] as CertificateItem);
  const at = new Date('2030-01-01T00:00:00Z');
  const under = async (profile: Profile) => {
    const results = await buildChains([leaf!], [root!], at, { profile });
    const rel: Relations = { pairs: [], chains: results.map((result) => ({ result, refs: [] })), bundle: [], lonelyKeys: [], unavailable: [] };
    return verdicts(rel, new Set([root!.sha256])).get(leaf!.sha256)!;
  };

  it('Web PKI rules: valid, the missing AKI a finding; RFC 5280 only: invalid for it', async () => {
    const web = await under('webpki');
    expect(web).toMatchObject({ state: 'valid', profile: 'webpki', reasons: [] });
    expect(web.findings.map((f) => f.finding.code)).toContain('aki_missing');
    const strict = await under('rfc5280');
    expect(strict).toMatchObject({ state: 'invalid', profile: 'rfc5280', text: 'chain invalid: breaks a profile rule' });
    expect(strict.reasons.map((r) => r.message).join(' ')).toContain('has no authority key identifier');
    expect(strict.findings.map((f) => f.finding.code)).not.toContain('aki_missing');
  });
});
