// Hand-built hostile and unsupported inputs: the reader must say `unsupported_algorithm` or
// `limit_exceeded` (never `password_wrong`), keep the locked item, and finish quickly.
import { describe, expect, it } from 'vitest';
import { der } from '../../core/der.js';
import { utf8Encode, toBase64 } from '../../core/bytes.js';
import { readKeyDer, readKeyPem } from '../../core/keys/read.js';
import type { PemBlock } from '../../core/pem.js';
import { timed, within } from '../wall-clock.js';

/** Time on a quiet machine, at least (CPU time measured with PEM_TIMING_REPORT=1, rounded up); bounds are ten times it (test/wall-clock.ts). */
const QUIET_MS = { refused: 100 /* measured under 10 */ };

const ctx = (passwords: string[] = []) => ({ passwords, now: new Date() });
const int = (n: number | bigint) => {
  let hex = BigInt(n).toString(16);
  if (hex.length % 2) hex = '0' + hex;
  return der.uint(Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16))));
};
const salt = new Uint8Array(8).fill(7);
const aes256 = (iv = new Uint8Array(16)) => der.seq(der.oid('2.16.840.1.101.3.4.1.42'), der.octets(iv));
const pbkdf2 = (iterations: number | bigint) => der.seq(der.oid('1.2.840.113549.1.5.12'), der.seq(der.octets(salt), int(iterations), der.seq(der.oid('1.2.840.113549.2.9'), der.null())));
const pbes2 = (kdf: Uint8Array, enc: Uint8Array) => der.seq(der.oid('1.2.840.113549.1.5.13'), der.seq(kdf, enc));
const epki = (algId: Uint8Array) => der.seq(algId, der.octets(new Uint8Array(32)));

const cases: { name: string; input: Uint8Array; want: string }[] = [
  { name: 'unknown PBES2 cipher', input: epki(pbes2(pbkdf2(2048), der.seq(der.oid('1.2.3.4.5.6'), der.octets(new Uint8Array(16))))), want: 'unsupported_algorithm' },
  { name: 'PBES2 with RC2', input: epki(pbes2(pbkdf2(2048), der.seq(der.oid('1.2.840.113549.3.2'), der.octets(new Uint8Array(8))))), want: 'unsupported_algorithm' },
  { name: 'unknown KDF', input: epki(pbes2(der.seq(der.oid('1.2.3.4'), der.null()), aes256())), want: 'unsupported_algorithm' },
  { name: 'unknown PRF', input: epki(pbes2(der.seq(der.oid('1.2.840.113549.1.5.12'), der.seq(der.octets(salt), int(10), der.seq(der.oid('1.2.3.9')))), aes256())), want: 'unsupported_algorithm' },
  { name: 'unknown scheme OID', input: epki(der.seq(der.oid('1.2.840.113549.1.5.99'), der.null())), want: 'unsupported_algorithm' },
  { name: 'PKCS#12 RC4', input: epki(der.seq(der.oid('1.2.840.113549.1.12.1.1'), der.seq(der.octets(salt), int(2048)))), want: 'unsupported_algorithm' },
  { name: 'PBKDF2 with 2^31 iterations', input: epki(pbes2(pbkdf2(2 ** 31), aes256())), want: 'limit_exceeded' },
  { name: 'PBKDF2 with 2^62 iterations', input: epki(pbes2(pbkdf2(2n ** 62n), aes256())), want: 'limit_exceeded' },
  { name: 'scrypt with N=2^30', input: epki(pbes2(der.seq(der.oid('1.3.6.1.4.1.11591.4.11'), der.seq(der.octets(salt), int(2 ** 30), int(8), int(1))), aes256())), want: 'limit_exceeded' },
  { name: 'scrypt with p=1000', input: epki(pbes2(der.seq(der.oid('1.3.6.1.4.1.11591.4.11'), der.seq(der.octets(salt), int(1024), int(8), int(1000))), aes256())), want: 'limit_exceeded' },
  { name: 'PBES1 with 2^40 iterations', input: epki(der.seq(der.oid('1.2.840.113549.1.5.3'), der.seq(der.octets(salt), int(2 ** 40)))), want: 'limit_exceeded' },
  // Just over the per-derivation limits (about half a second of work each here).
  { name: 'PBKDF2 with 1,000,001 iterations', input: epki(pbes2(pbkdf2(1_000_001), aes256())), want: 'limit_exceeded' },
  { name: 'PBKDF2-HMAC-SHA224 (pure JS) with 1,000,000 iterations', input: epki(pbes2(der.seq(der.oid('1.2.840.113549.1.5.12'), der.seq(der.octets(salt), int(1_000_000), der.seq(der.oid('1.2.840.113549.2.8'), der.null()))), aes256())), want: 'limit_exceeded' },
  { name: 'scrypt with N·r = 2^19', input: epki(pbes2(der.seq(der.oid('1.3.6.1.4.1.11591.4.11'), der.seq(der.octets(salt), int(2 ** 16), int(8), int(1))), aes256())), want: 'limit_exceeded' },
  { name: 'scrypt with N·r·p = 2^20 (too slow, though N·r is allowed)', input: epki(pbes2(der.seq(der.oid('1.3.6.1.4.1.11591.4.11'), der.seq(der.octets(salt), int(2 ** 15), int(8), int(4))), aes256())), want: 'limit_exceeded' },
  { name: 'PBES1 with 100,001 iterations', input: epki(der.seq(der.oid('1.2.840.113549.1.5.10'), der.seq(der.octets(salt), int(100_001)))), want: 'limit_exceeded' },
  { name: 'PKCS#12 PBE 3DES with 100,001 iterations', input: epki(der.seq(der.oid('1.2.840.113549.1.12.1.3'), der.seq(der.octets(salt), int(100_001)))), want: 'limit_exceeded' },
];

describe('encrypted PKCS#8 with unsupported or hostile parameters', () => {
  it.each(cases.flatMap((c) => [[c.name, c, []] as const, [c.name + ' (password given)', c, ['test-password']] as const]))('%s', async (_n, c, passwords) => {
    const { ms, r } = await timed(() => readKeyDer(c.input, ctx([...passwords])), `pkcs8 ${c.name}`);
    expect(ms).toBeLessThan(within(QUIET_MS.refused));
    expect(r?.errors.map((e) => e.code)).toEqual([c.want]);
    expect(r?.items.map((i) => [i.kind, i.encrypted, i.sensitivity])).toEqual([['private-key', true, 'private']]);
  });
});

describe('PKCS#12 with hostile MAC parameters', () => {
  const authSafe = der.seq(der.oid('1.2.840.113549.1.7.1'), der.explicit(0, der.octets(der.seq())));
  const pfx = (iterations: number) =>
    der.seq(der.int(3), authSafe, der.seq(der.seq(der.seq(der.oid('1.3.14.3.2.26'), der.null()), der.octets(new Uint8Array(20))), der.octets(salt), int(iterations)));
  it.each([[100_001], [1_000_000], [2 ** 31 - 1], [2 ** 40]])('MAC with %d iterations is limit_exceeded, quickly', async (n) => {
    const { ms, r } = await timed(() => readKeyDer(pfx(n), ctx(['x'])), `pkcs12 mac ${n}`);
    expect(ms).toBeLessThan(within(QUIET_MS.refused));
    expect(r?.errors.map((e) => e.code)).toEqual(['limit_exceeded']);
    expect(r?.items.map((i) => [i.kind, i.encrypted])).toEqual([['pkcs12', true]]);
  });
  it('a PFX without MAC and nothing inside unlocks to no items', async () => {
    const r = await readKeyDer(der.seq(der.int(3), authSafe), ctx());
    expect(r).toEqual({ items: [], errors: [] });
  });
});

function pem(label: string, body: Uint8Array, headers: Record<string, string> = {}): PemBlock {
  return { label, headers, der: body, line: 1, text: `-----BEGIN ${label}-----\n${toBase64(body)}\n-----END ${label}-----\n` };
}

describe('legacy PEM encryption', () => {
  it.each([
    ['unknown cipher', 'BF-CBC,0011223344556677', 'unsupported_algorithm'],
    ['unknown cipher with a password', 'CAMELLIA-128-CBC,00112233445566778899aabbccddeeff', 'unsupported_algorithm'],
  ])('%s', async (_n, dek, want) => {
    const r = await readKeyPem(pem('RSA PRIVATE KEY', new Uint8Array(64), { 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': dek }), ctx(['pw']));
    expect(r.errors.map((e) => e.code)).toEqual([want]);
    expect(r.items.map((i) => [i.kind, i.encrypted, i.format])).toEqual([['private-key', true, 'pkcs1']]);
  });
  it('a wrong password is password_wrong, no password is just locked', async () => {
    const block = pem('EC PRIVATE KEY', new Uint8Array(64).fill(3), { 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-128-CBC,00112233445566778899AABBCCDDEEFF' });
    expect((await readKeyPem(block, ctx(['a', 'b']))).errors.map((e) => e.code)).toEqual(['password_wrong']);
    const locked = await readKeyPem(block, ctx());
    expect(locked.errors).toEqual([]);
    expect(locked.items.map((i) => [i.kind, i.encrypted])).toEqual([['private-key', true]]);
  });
});

// --- OpenSSH private keys built by hand --------------------------------------------------------
const u32 = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
const sshString = (b: Uint8Array | string) => {
  const bytes = typeof b === 'string' ? utf8Encode(b) : b;
  return Uint8Array.from([...u32(bytes.length), ...bytes]);
};
const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));
const ed25519Pub = sshString(cat(sshString('ssh-ed25519'), sshString(new Uint8Array(32).fill(9))));
function opensshKey(cipher: string, kdf: string, kdfOptions: Uint8Array, section: Uint8Array): Uint8Array {
  return cat(utf8Encode('openssh-key-v1\0'), sshString(cipher), sshString(kdf), sshString(kdfOptions), u32(1), ed25519Pub, sshString(section));
}

describe('OpenSSH private keys with unsupported or hostile parameters', () => {
  it.each([
    ['chacha20-poly1305', opensshKey('chacha20-poly1305@openssh.com', 'bcrypt', cat(sshString(salt), u32(16)), new Uint8Array(64)), 'unsupported_algorithm'],
    ['aes256-gcm', opensshKey('aes256-gcm@openssh.com', 'bcrypt', cat(sshString(salt), u32(16)), new Uint8Array(64)), 'unsupported_algorithm'],
    ['bcrypt with 2^31 rounds', opensshKey('aes256-ctr', 'bcrypt', cat(sshString(salt), u32(2 ** 31)), new Uint8Array(64)), 'limit_exceeded'],
    ['bcrypt with 201 rounds', opensshKey('aes256-ctr', 'bcrypt', cat(sshString(salt), u32(201)), new Uint8Array(64)), 'limit_exceeded'],
  ])('%s', async (_n, bytes, want) => {
    const { ms, r } = await timed(() => readKeyPem(pem('OPENSSH PRIVATE KEY', bytes), ctx(['pw'])), `openssh ${_n}`);
    expect(ms).toBeLessThan(within(QUIET_MS.refused));
    expect(r.errors.map((e) => e.code)).toEqual([want]);
    if (want === 'unsupported_algorithm') {
      expect(r.items.map((i) => [i.kind, i.encrypted, (i as { algorithm?: string }).algorithm])).toEqual([['private-key', true, 'Ed25519']]);
    }
  });
  it('an unencrypted key whose check values differ is malformed', async () => {
    const section = cat(u32(1), u32(2), sshString('ssh-ed25519'), sshString(new Uint8Array(32)), sshString(new Uint8Array(64)), sshString('c'));
    const r = await readKeyPem(pem('OPENSSH PRIVATE KEY', opensshKey('none', 'none', new Uint8Array(0), section)), ctx());
    expect(r.errors.map((e) => e.code)).toEqual(['der_invalid']);
  });
});
