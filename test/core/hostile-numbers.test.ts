// Huge numbers in hostile files: INTEGERs and OID arcs of 100 KB and more, DSA parameters far
// beyond any real key, RSA private keys whose parts are longer than their modulus. Each made the
// reader or the prover compute for seconds to minutes (quadratic BigInt building, decimal
// conversion, modular exponentiation with the file's own sizes). Found by the outside fuzz run of
// issue 7; reproducers in test/fuzz/crashers/slow-{rsa-exponent,oid-arc,openssh-rsa-d,prove-rsa,dsa}-*.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FILE_LIMITS, WorkBudget } from '../../core/budget.js';
import { toBase64, utf8Encode } from '../../core/bytes.js';
import { DerError, MAX_DECIMAL_OCTETS, MAX_OID_ARC_OCTETS, MAX_OID_OCTETS, TAG, decodeOid, der, tlv, uintText } from '../../core/der.js';
import { MAX_DSA_P_BITS } from '../../core/keys/pkcs8.js';
import { MAX_PROOF_RSA_BITS, matchPair } from '../../core/pairs.js';
import { parseFile } from '../../core/parse.js';
import { crlNumber } from '../../core/x509/extensions/crl-entry.js';
import { OID } from '../../core/oids.js';
import type { Item, ParseResult, PublicKeyInfo } from '../../core/types.js';
import { timed, within } from '../wall-clock.js';

const FIXTURES = new URL('../fixtures/files/', import.meta.url).pathname;
const CRASHERS = new URL('../fuzz/crashers/', import.meta.url).pathname;
/**
 * Time on a quiet machine, at least (CPU time measured with PEM_TIMING_REPORT=1 on a busy
 * machine, which overstates it, then rounded up generously);
 * bounds are ten times it (test/wall-clock.ts). Every case here took seconds before its fix.
 */
const QUIET_MS = {
  uintText: 100, // measured ~50
  rsaExponent: 1000, // ~400
  crlNumber: 200, // ~100
  bigInteger: 200, // ~80
  longOid: 600, // ~240
  dsaHuge: 100, // under 5
  dsaMany: 1000, // ~310; the core budgets it to ~0.5 s of estimated work
  dsaCopies: 200, // ~55
  opensshRead: 100, // ~50
  matchPair: 100, // under 10
};

const parse = (bytes: Uint8Array, passwords: string[] = []) => parseFile({ name: 'x', bytes, passwords });
const pem = (label: string, body: Uint8Array) => `-----BEGIN ${label}-----\n${toBase64(body).replace(/(.{64})/g, '$1\n')}\n-----END ${label}-----\n`;
/** `n` octets: 0x01 then 0x5a…, so the number has exactly n octets and no sign bit. */
const octets = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i === 0 ? 1 : 0x5a));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const pubOf = (i: Item | undefined) => (i as (Item & { publicKey?: PublicKeyInfo }) | undefined)?.publicKey;



/** The components of the OpenSSL-made RSA 2048 fixture, as unsigned bytes. */
function rsaParts(): Uint8Array[] {
  const text = readFileSync(FIXTURES + 'keys/rsa-2048.pkcs1.pem', 'utf8');
  const bytes = new Uint8Array(Buffer.from(text.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
  const parts: Uint8Array[] = [];
  let at = bytes[1]! & 0x80 ? 2 + (bytes[1]! & 0x7f) : 2;
  while (at < bytes.length) {
    let len = bytes[at + 1]!;
    let head = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + bytes[at + 2 + i]!;
      head += n;
    }
    parts.push(bytes.subarray(at + head, at + head + len));
    at += head + len;
  }
  return parts; // version, n, e, d, p, q, dP, dQ, qInv
}
const rsaKey = (p: Uint8Array[]) => der.seq(...p.map((x, i) => (i === 0 ? der.int(0) : der.uint(x))));
const rsaSpki = (n: Uint8Array, e: Uint8Array) => der.seq(der.seq(der.oid(OID.rsaEncryption), der.null()), der.bits(der.seq(der.uint(n), der.uint(e))));

describe('INTEGERs shown as text', () => {
  it('are decimal up to 64 octets, exactly as before', () => {
    expect(uintText(Uint8Array.of(1, 0, 1))).toBe('65537');
    expect(uintText(Uint8Array.of(0, 0x80))).toBe('128');
    expect(uintText(new Uint8Array(0))).toBe('0');
    const max = new Uint8Array(MAX_DECIMAL_OCTETS).fill(0xff);
    expect(uintText(max)).toBe((2n ** BigInt(8 * MAX_DECIMAL_OCTETS) - 1n).toString(10));
  });

  it('are exact 0x-hex beyond 64 octets, and a megabyte of them takes milliseconds', async () => {
    const v = octets(MAX_DECIMAL_OCTETS + 1);
    expect(uintText(v)).toBe('0x' + hex(v));
    const huge = octets(1_000_000);
    const { ms, r } = await timed(() => uintText(huge), 'uintText');
    expect(r).toBe('0x' + hex(huge));
    expect(ms).toBeLessThan(within(QUIET_MS.uintText));
  });

  it('an RSA key with a 1 MB exponent reads within the limit; its exponent stays exact (slow-rsa-exponent-150kb.der)', async () => {
    const [, n] = rsaParts();
    const e = octets(1_000_000);
    const { ms, r } = await timed(() => parse(rsaSpki(n!, e)), 'rsaExponent');
    expect(ms).toBeLessThan(within(QUIET_MS.rsaExponent));
    expect(r.errors).toEqual([]);
    expect(pubOf(r.items[0])?.exponent).toBe('0x' + hex(e));
    // One octet more is a different key, and prints differently (pairs compare these strings).
    const other = await parse(rsaSpki(n!, octets(1_000_001)));
    expect(pubOf(other.items[0])?.exponent).not.toBe(pubOf(r.items[0])?.exponent);
  });

  it('a CRL number is decimal when small, and a 1 MB one is hex within the limit', async () => {
    expect(crlNumber(der.int(4096)).lines).toEqual(['4096']);
    const { ms, r } = await timed(() => crlNumber(der.uint(octets(1_000_000))), 'crlNumber');
    expect(ms).toBeLessThan(within(QUIET_MS.crlNumber));
    expect(r.lines[0]!.slice(0, 8)).toBe('0x015a5a');
    expect(r.lines[0]!.length).toBe(2 + 2_000_000);
  });
});

describe('OBJECT IDENTIFIER arcs', () => {
  it('a 128-bit UUID arc (2.25) still decodes exactly', () => {
    const uuid = 0xf81d4fae7dec11d0a76500a0c91e6bf6n;
    expect(decodeOid(der.oid(`2.25.${uuid}`).subarray(2))).toBe(`2.25.${uuid}`);
  });

  it(`an arc of more than ${MAX_OID_ARC_OCTETS} octets is der_invalid, at once even for 1 MB (slow-oid-arc-180kb.der)`, async () => {
    const arc = (n: number) => Uint8Array.from([0x2a, ...new Array<number>(n - 1).fill(0x81), 0x01]);
    expect(() => decodeOid(arc(MAX_OID_ARC_OCTETS))).not.toThrow();
    expect(() => decodeOid(arc(MAX_OID_ARC_OCTETS + 1))).toThrow(DerError);
    const big = tlv(TAG.OID, arc(1_000_000));
    const { ms, r } = await timed(() => parse(der.seq(der.seq(big), der.bits(Uint8Array.of(1, 2, 3)))), 'bigInteger');
    expect(ms).toBeLessThan(within(QUIET_MS.bigInteger));
    expect(r.items).toEqual([]);
    expect(r.errors.map((e) => e.code)).toEqual(['der_invalid']);
  });
});

describe('OBJECT IDENTIFIER length', () => {
  it(`an OID of more than ${MAX_OID_OCTETS} octets (even of one-octet arcs) is der_invalid, at once for 1 MB`, async () => {
    const arcs = (n: number) => Uint8Array.from([0x2a, ...new Array<number>(n - 1).fill(0x01)]);
    expect(decodeOid(arcs(MAX_OID_OCTETS)).split('.')).toHaveLength(MAX_OID_OCTETS + 1);
    expect(() => decodeOid(arcs(MAX_OID_OCTETS + 1))).toThrow(DerError);
    const { ms, r } = await timed(() => parse(der.seq(der.seq(tlv(TAG.OID, arcs(1_000_000))), der.bits(Uint8Array.of(1, 2, 3)))), 'longOid');
    expect(ms).toBeLessThan(within(QUIET_MS.longOid));
    expect(r.items).toEqual([]);
    expect(r.errors.map((e) => e.code)).toEqual(['der_invalid']);
  });
});

describe('DSA private keys', () => {
  const dsaPkcs8 = (p: Uint8Array, q: Uint8Array, g: Uint8Array, x: Uint8Array) =>
    der.seq(der.int(0), der.seq(der.oid(OID.dsa), der.seq(der.uint(p), der.uint(q), der.uint(g))), der.octets(der.uint(x)));
  const odd = (n: number, fill: number) => Uint8Array.from({ length: n }, (_, i) => (i === 0 ? 0x80 | fill : i === n - 1 ? fill | 1 : fill));

  it('an OpenSSL DSA key still gets the public key OpenSSL wrote into its PKCS#8 twin', async () => {
    const r = await parse(readFileSync(FIXTURES + 'keys/dsa-2048.traditional.pem'));
    const pub = await parse(readFileSync(FIXTURES + 'keys/dsa-2048.pk8.der'));
    expect(r.errors).toEqual([]);
    expect(pubOf(r.items[0])?.spkiSha256).toBeTruthy();
    expect(pubOf(r.items[0])?.spkiSha256).toBe(pubOf(pub.items[0])?.spkiSha256);
  });

  it(`a p over ${MAX_DSA_P_BITS.toLocaleString('en-US')} bits is listed without its public key, at once (slow-dsa-p16384-x16384.pem)`, async () => {
    const { ms, r } = await timed(() => parse(readFileSync(CRASHERS + 'slow-dsa-p16384-x16384.pem')), 'dsaHuge');
    expect(ms).toBeLessThan(within(QUIET_MS.dsaHuge));
    expect(r.items.map((i) => [i.kind, (i as Item & { algorithm?: string }).algorithm])).toEqual([['private-key', 'DSA']]);
    expect(pubOf(r.items[0])).toBeUndefined();
    expect(r.items[0]!.warnings).toEqual([{ code: 'limit_exceeded', message: expect.stringMatching(/16,384-bit p .* its public key is not computed/) }]);
  });

  it('x outside 1..q−1 is der_invalid (FIPS 186-4 §4.5), not a long exponentiation', async () => {
    const p = odd(256, 0x33);
    const q = odd(32, 0x44);
    const g = Uint8Array.of(2);
    for (const x of [Uint8Array.of(0), q, odd(256, 0x55)]) {
      const r = await parse(utf8Encode(pem('PRIVATE KEY', dsaPkcs8(p, q, g, x))));
      expect(r.items).toEqual([]);
      expect(r.errors).toEqual([{ code: 'der_invalid', message: expect.stringMatching(/DSA private key x is not between 1 and q − 1/) }]);
    }
    const ok = await parse(utf8Encode(pem('PRIVATE KEY', dsaPkcs8(p, q, g, Uint8Array.of(5)))));
    expect(ok.errors).toEqual([]);
    expect(pubOf(ok.items[0])?.algorithm).toBe('DSA');
  });

  it('many large DSA keys share the per-file derivation time: a few are computed, the rest listed without (slow-dsa-p10000-q512-keys-x40.pem)', async () => {
    const { ms, r } = await timed(() => parse(readFileSync(CRASHERS + 'slow-dsa-p10000-q512-keys-x40.pem')), 'dsaMany');
    expect(ms).toBeLessThan(within(QUIET_MS.dsaMany));
    expect(r.items.length).toBe(40);
    const derived = r.items.filter((i) => pubOf(i)).length;
    expect(derived).toBeGreaterThan(0);
    expect(derived).toBeLessThan(40);
    expect(r.errors).toEqual([{ code: 'limit_exceeded', message: expect.stringMatching(/would take more than the 500 ms allowed for one file/) }]);
  });

  it('300 copies of one DSA key compute its public key once: all listed with it, no limit reached', async () => {
    const one = readFileSync(FIXTURES + 'keys/dsa-2048.traditional.pem', 'utf8');
    const { ms, r } = await timed(() => parse(utf8Encode(one.repeat(300))), 'dsaCopies');
    expect(ms).toBeLessThan(within(QUIET_MS.dsaCopies));
    expect(r.items.length).toBe(300);
    expect(r.items.every((i) => pubOf(i))).toBe(true);
    expect(r.errors).toEqual([]);
  });
});

describe('WorkBudget derivation time', () => {
  it('admits the first derivation whatever its estimate, then only what fits the file time', () => {
    const b = new WorkBudget();
    expect(b.admitDerivation(10 * FILE_LIMITS.deriveMs)).toBe(true);
    expect(b.admitDerivation(1)).toMatchObject({ code: 'limit_exceeded', message: expect.stringMatching(/ms allowed for one file/) });
    expect(b.admitDerivation(1)).toBe(false);
    const fresh = new WorkBudget();
    expect(fresh.admitDerivation(FILE_LIMITS.deriveMs - 10)).toBe(true);
    expect(fresh.admitDerivation(10)).toBe(true);
    expect(fresh.admitDerivation(0.5)).toMatchObject({ code: 'limit_exceeded' });
  });
});

describe('OpenSSH private keys with oversized parts', () => {
  const str = (b: Uint8Array) => {
    const out = new Uint8Array(4 + b.length);
    new DataView(out.buffer).setUint32(0, b.length);
    out.set(b, 4);
    return out;
  };
  const mpint = (b: Uint8Array) => str(b[0]! & 0x80 ? Uint8Array.from([0, ...b]) : b);
  const cat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
  const utf = (s: string) => utf8Encode(s);
  function opensshFile(pub: Uint8Array, priv: Uint8Array): string {
    let body = cat(Uint8Array.of(0, 0, 0, 7, 0, 0, 0, 7), priv, str(utf('c')));
    const pad: number[] = [];
    while ((body.length + pad.length) % 8) pad.push(pad.length + 1);
    body = cat(body, Uint8Array.from(pad));
    return pem('OPENSSH PRIVATE KEY', cat(utf('openssh-key-v1\0'), str(utf('none')), str(utf('none')), str(new Uint8Array(0)), Uint8Array.of(0, 0, 0, 1), str(pub), str(body)));
  }
  async function read(text: string): Promise<{ ms: number; r: ParseResult }> {
    return timed(() => parse(utf8Encode(text)), 'opensshRead');
  }

  it('an RSA key whose d is longer than its modulus is der_invalid at once (slow-openssh-rsa-d-150kb)', async () => {
    const [, n, e, , p, q, , , qi] = rsaParts();
    const pub = cat(str(utf('ssh-rsa')), mpint(e!), mpint(n!));
    const { ms, r } = await read(opensshFile(pub, cat(str(utf('ssh-rsa')), mpint(n!), mpint(e!), mpint(octets(1_000_000)), mpint(qi!), mpint(p!), mpint(q!))));
    expect(ms).toBeLessThan(within(QUIET_MS.opensshRead));
    expect(r.errors).toEqual([expect.objectContaining({ code: 'der_invalid', message: expect.stringMatching(/RSA key part d is longer than its modulus/) })]);
  });

  it('the same key with its real d still reads, with the public key it carries in the clear', async () => {
    const [, n, e, d, p, q, , , qi] = rsaParts();
    const pub = cat(str(utf('ssh-rsa')), mpint(e!), mpint(n!));
    const { r } = await read(opensshFile(pub, cat(str(utf('ssh-rsa')), mpint(n!), mpint(e!), mpint(d!), mpint(qi!), mpint(p!), mpint(q!))));
    expect(r.errors).toEqual([]);
    expect(r.items[0]!.warnings).toEqual([]);
    expect(pubOf(r.items[0])?.bits).toBe(2048);
  });

  it('an ECDSA key whose scalar or point does not fit its curve is der_invalid', async () => {
    const Q = Uint8Array.from([4, ...new Array<number>(64).fill(0x11)]);
    const pub = cat(str(utf('ecdsa-sha2-nistp256')), str(utf('nistp256')), str(Q));
    const key = (point: Uint8Array, d: Uint8Array) => opensshFile(pub, cat(str(utf('ecdsa-sha2-nistp256')), str(utf('nistp256')), str(point), mpint(d)));
    const long = await read(key(Q, octets(100_000)));
    expect(long.ms).toBeLessThan(within(QUIET_MS.opensshRead));
    expect(long.r.errors).toEqual([expect.objectContaining({ code: 'der_invalid', message: expect.stringMatching(/private key is longer than its curve's order/) })]);
    const badPoint = await read(key(Q.subarray(0, 60), Uint8Array.of(7)));
    expect(badPoint.r.errors).toEqual([expect.objectContaining({ code: 'der_invalid', message: expect.stringMatching(/public point has 60 bytes, expected 65/) })]);
  });
});

describe('proving an RSA pair', () => {
  it('a private key with a part longer than its modulus is damaged, not a pair, and is never used to sign (slow-prove-rsa-d-200kb-bad-crt.pem)', async () => {
    const r = await parse(readFileSync(CRASHERS + 'slow-prove-rsa-d-200kb-bad-crt.pem'));
    expect(r.items.map((i) => i.kind)).toEqual(['public-key', 'private-key']);
    const { ms, r: m } = await timed(() => matchPair(r.items[0]!, r.items[1]!), 'matchPair');
    expect(ms).toBeLessThan(within(QUIET_MS.matchPair));
    expect(m.verdict).toBe('different_key');
    expect(m.message).toMatch(/private key is damaged: a part of it is longer than its modulus/);
    expect(m.proof).toMatchObject({ signed: false, verified: false });
  });

  it('the intact key is still proved by a signature', async () => {
    const parts = rsaParts();
    const text = pem('PUBLIC KEY', rsaSpki(parts[1]!, parts[2]!)) + pem('RSA PRIVATE KEY', rsaKey(parts));
    const r = await parse(utf8Encode(text));
    const m = await matchPair(r.items[0]!, r.items[1]!);
    expect(m.verdict).toBe('match');
    expect(m.proof).toMatchObject({ signed: true, verified: true });
  });

  it(`a key over ${MAX_PROOF_RSA_BITS.toLocaleString('en-US')} bits is matched by its public half, not signed with`, async () => {
    const n = Uint8Array.from({ length: (MAX_PROOF_RSA_BITS + 64) / 8 }, (_, i) => (i === 0 ? 0xc1 : 0x35));
    const e = Uint8Array.of(1, 0, 1);
    const small = Uint8Array.of(3);
    const text = pem('PUBLIC KEY', rsaSpki(n, e)) + pem('RSA PRIVATE KEY', rsaKey([small, n, e, small, small, small, small, small, small]));
    const r = await parse(utf8Encode(text));
    const { ms, r: m } = await timed(() => matchPair(r.items[0]!, r.items[1]!), 'matchPair');
    expect(ms).toBeLessThan(within(QUIET_MS.matchPair));
    expect(m.verdict).toBe('match');
    expect(m.proof).toMatchObject({ signed: false });
    expect(m.message).toMatch(/RSA keys over 16,384 bits \(this one has 16,448\) are not used to sign a challenge/);
  });
});
