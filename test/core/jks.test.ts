/**
 * Java keystores made by keytool (test/fixtures/formats/make-formats.sh): every item, its
 * sensitivity, location and the SPKI SHA-256 OpenSSL computed from what keytool exported back;
 * store and key passwords that differ; wrong passwords; damaged files; limits.
 */
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../core/parse.js';
import { MAX_KEYSTORE_ENTRIES } from '../../core/jks/read.js';
import { md5Iterate } from '../../core/jks/md5.js';
import { readJavaObject } from '../../core/jks/java-serial.js';
import { md5 } from '@noble/hashes/legacy.js';
import { sha256Hex } from '../../core/hash.js';
import { findPairs } from '../../core/pairs.js';
import { buildChains } from '../../core/chain/index.js';
import type { CertificateItem } from '../../core/types.js';
import { MANIFEST, expectItems, fixtureBytes, read } from '../fixtures/formats/manifest.js';

const KEYSTORES = Object.entries(MANIFEST.files).filter(([n, s]) => n.startsWith('jks/') && s.items);
const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);

describe('keystores made by keytool read as OpenSSL reads their keys', () => {
  it('has the fixtures', () => expect(KEYSTORES.length).toBe(5));

  it.each(KEYSTORES)('%s with its passwords', async (name, spec) => {
    const r = await read(name, spec.passwords);
    expect(r.errors).toEqual([]);
    expectItems(r, spec);
    // A file that holds a private key anywhere is secret.
    const wantsKey = spec.items!.some((i) => i.kind === 'private-key' || i.kind === 'secret-key');
    expect(r.items.some((i) => i.sensitivity === 'private')).toBe(wantsKey);
  });

  it.each(KEYSTORES.filter(([n]) => !n.endsWith('.p12')))('%s without a password: certificates listed unchecked, keys locked, no error', async (name, spec) => {
    const r = await read(name);
    expect(r.errors).toEqual([]);
    expect(r.items.length).toBe(spec.items!.length);
    for (const item of r.items) {
      if (item.kind === 'certificate') {
        expect(item.findings.map((f) => f.code)).toContain('keystore_integrity_unchecked');
      } else {
        expect(item.sensitivity).toBe('private');
        expect(item.encrypted).toBe(true);
        expect(item.location).toMatch(/^alias "/);
      }
    }
    // The locked key still says what it is, from its chain's first certificate.
    const key = r.items.find((i) => i.kind === 'private-key');
    if (key?.kind === 'private-key') expect(key.algorithm).toBe(name.endsWith('.jks') ? 'RSA' : 'EC');
  });

  it("keytool's PKCS#12 keeps each alias as the bag's friendlyName, trusted-certificate bags included", async () => {
    const r = await read('jks/keytool.p12', ['p12pass1']);
    // keytool names a chain certificate after its subject.
    expect(r.items.map((i) => `${i.kind} ${i.friendlyName}`).sort()).toEqual(['certificate CN=Formats Test CA', 'certificate ca', 'certificate server', 'private-key server']);
    const trust = await read('jks/truststore.p12', ['changeit']);
    expect(trust.items.map((i) => i.friendlyName).sort()).toEqual(['ca', 'server']);
  });

  it('a JCEKS secret key shows its algorithm and size, never its bytes', async () => {
    const r = await read('jks/store.jceks', ['jcekspass']);
    const secrets = r.items.filter((i) => i.kind === 'secret-key');
    expect(secrets.map((s) => s.label).sort()).toEqual(['AES 256-bit secret key', 'HmacSHA256 256-bit secret key']);
    // `der` describes the sealed entry, never the key: each entry has a fingerprint of its own,
    // the same whether the store is unlocked or not.
    const locked = (await read('jks/store.jceks', [])).items.filter((i) => i.kind === 'secret-key');
    expect(new Set(secrets.map((s) => s.sha256)).size).toBe(2);
    expect(locked.map((s) => s.sha256).sort()).toEqual(secrets.map((s) => s.sha256).sort());
    for (const s of secrets) {
      expect(s.sha256).not.toBe(sha256Hex(new Uint8Array(0)));
      expect(s.sha256).toBe(sha256Hex(s.der));
      const described = JSON.parse(new TextDecoder().decode(s.der)) as Record<string, unknown>;
      expect(Object.keys(described).sort()).toEqual(['alias', 'keystore', 'sealAlg', 'sealedSha256']);
    }
  });
});

describe('keystore passwords', () => {
  it('the store password checks the integrity; a different key password unlocks the key', async () => {
    const both = await read('jks/store.jks', ['storepass1', 'keypass1']);
    expect(both.errors).toEqual([]);
    expect(both.items.every((i) => i.findings.every((f) => !f.code.startsWith('keystore_integrity')))).toBe(true);
    // Only the store password: integrity checked, the key stays locked and says why.
    const store = await read('jks/store.jks', ['storepass1']);
    expect(codes(store)).toEqual(['password_wrong']);
    expect(store.errors[0]!.message).toContain('alias "server" (private key entry)');
    expect(store.items.find((i) => i.kind === 'private-key')!.encrypted).toBe(true);
    // Only the key password: the key opens, the integrity cannot be checked and that is said.
    const key = await read('jks/store.jks', ['keypass1']);
    expect(codes(key)).toEqual(['password_wrong']);
    expect(key.errors[0]!.message).toMatch(/integrity hash/);
    expect(key.items.find((i) => i.kind === 'private-key')!.encrypted).toBe(false);
    expect(key.items.filter((i) => i.kind === 'certificate').every((i) => i.findings.some((f) => f.code === 'keystore_integrity_failed'))).toBe(true);
  });

  it.each(['jks/store.jks', 'jks/store.jceks', 'jks/truststore.jks'])('%s: a wrong password is password_wrong, nothing unlocked, certificates kept', async (name) => {
    const r = await read(name, ['wrong-password']);
    expect(codes(r)).toContain('password_wrong');
    // JCEKS: automatic tries of an unproven password stop at the file's key-derivation budget.
    for (const c of codes(r)) expect(['password_wrong', 'limit_exceeded']).toContain(c);
    expect(r.items.filter((i) => i.kind !== 'certificate').every((i) => i.encrypted)).toBe(true);
    expect(r.items.some((i) => i.kind === 'certificate')).toBe(true);
  });
});

describe('damaged keystores: clear errors, never a wrong-password verdict for broken structure', () => {
  const DAMAGED = Object.entries(MANIFEST.files).filter(([n]) => n.startsWith('broken/'));
  it.each(DAMAGED)('%s', async (name, spec) => {
    for (const pw of [[], spec.passwords!]) {
      const r = await read(name, pw);
      const want = pw.length || spec.errors![0] !== 'password_wrong' ? spec.errors! : [];
      for (const code of want) expect(codes(r)).toContain(code);
      for (const e of r.errors) expect(e.message.length).toBeGreaterThan(20);
    }
  });

  it('bad-cert.jks: the damaged entry is named, every other entry still reads', async () => {
    const r = await read('broken/bad-cert.jks', ['storepass1', 'keypass1']);
    const bad = r.errors.find((e) => e.code === 'der_invalid')!;
    expect(bad.message).toMatch(/^alias "[^"]+" \(.*\)/);
    expect(r.items.length).toBe(3);
    expect(r.items.some((i) => i.kind === 'private-key' && !i.encrypted)).toBe(true);
  });

  it(`more than ${MAX_KEYSTORE_ENTRIES.toLocaleString('en-US')} entries is limit_exceeded`, async () => {
    const n = MAX_KEYSTORE_ENTRIES + 1;
    const bytes = new Uint8Array(12 + n * 18 + 20);
    bytes.set([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]);
    new DataView(bytes.buffer).setUint32(8, n);
    const r = await parseFile({ name: 'many.jks', bytes });
    expect(codes(r)).toEqual(['limit_exceeded']);
  });
});

describe('relations across keystore entries', () => {
  it('a JKS key entry pairs with its chain, and the chain is a chain', async () => {
    const r = await read('jks/store.jks', ['storepass1', 'keypass1']);
    const pairs = await findPairs(r.items);
    const key = r.items.findIndex((i) => i.kind === 'private-key');
    const leaf = r.items.findIndex((i) => i.location === 'alias "server" (private key entry) chain[0]');
    expect(pairs.some((p) => p.privateIndex === key && p.publicIndex === leaf && p.result.verdict === 'match')).toBe(true);
    const certs = r.items.filter((i): i is CertificateItem => i.kind === 'certificate');
    const anchors = certs.filter((c) => c.selfIssued);
    const chains = await buildChains(certs.filter((c) => !c.selfIssued), anchors, new Date());
    expect(chains).toHaveLength(1);
    expect(chains[0]!.valid).toBe(true);
    expect(chains[0]!.chain.map((l) => l.subject)).toEqual(['CN=server.formats.test', 'CN=Formats Test CA']);
  });
});

/** TC_OBJECT, then `n` class descriptions each naming the next as its superclass. */
function superChain(n: number): Uint8Array {
  const desc = [0x72, 0x00, 0x01, 0x41, 0, 0, 0, 0, 0, 0, 0, 1, 0x02, 0x00, 0x00, 0x78];
  const out = new Uint8Array(5 + n * desc.length + 1);
  out.set([0xac, 0xed, 0x00, 0x05, 0x73]);
  for (let i = 0; i < n; i++) out.set(desc, 5 + i * desc.length);
  out[out.length - 1] = 0x70;
  return out;
}

describe('the parts under the keystore reader', () => {
  it('iterated MD5 equals a hash object per step, at every message length', () => {
    for (const [start, suffix] of [[4, 0], [4, 8], [4, 39], [16, 39], [4, 40], [4, 70]] as const) {
      const s = new Uint8Array(start).map((_, i) => i * 31 + 7);
      const p = new Uint8Array(suffix).map((_, i) => 0x41 + (i % 26));
      let x: Uint8Array = s;
      for (let i = 0; i < 5; i++) x = md5.create().update(x).update(p).digest();
      expect(Buffer.from(md5Iterate(s, p, 5)).toString('hex')).toBe(Buffer.from(x).toString('hex'));
    }
  });

  it('the Java serialization walker refuses hostile shapes with codes, not exceptions', () => {
    const hostile = [
      Uint8Array.of(0xac, 0xed, 0x00, 0x05, 0x71, 0x00, 0x7e, 0x00, 0x09), // reference to nothing
      Uint8Array.of(0xac, 0xed, 0x00, 0x05, 0x75, 0x70, 0x7f, 0xff, 0xff, 0xff), // array longer than the bytes
      Uint8Array.of(0xac, 0xed, 0x00, 0x04), // wrong version
      new Uint8Array([0xac, 0xed, 0x00, 0x05, ...new Array(200).fill(0x75).flatMap(() => [0x75, 0x72, 0x00, 0x01, 0x5b])]), // nesting
      // An object whose class has a superclass, which has a superclass, ... 100,000 deep.
      superChain(100_000),
    ];
    for (const b of hostile) {
      let code: string | undefined;
      try {
        readJavaObject(b, 0);
      } catch (e) {
        code = (e as { code?: string }).code;
      }
      expect(['der_invalid', 'limit_exceeded', 'unsupported_algorithm']).toContain(code);
    }
  });

  it('reads the sealed object keytool wrote', () => {
    const bytes = fixtureBytes('jks/store.jceks');
    const at = Buffer.from(bytes).indexOf(Buffer.from([0xac, 0xed, 0x00, 0x05]));
    const { value } = readJavaObject(bytes, at);
    expect(value && typeof value === 'object' && 'className' in value && value.className).toBe('com.sun.crypto.provider.SealedObjectForKeyProtector');
  });
});
