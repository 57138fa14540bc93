/**
 * RSA private keys from their parts, for the formats that do not store all of PKCS#1's
 * RSAPrivateKey (RFC 8017 A.1.2): a JWK may omit the CRT members (RFC 7518 §6.3.2) and a PuTTY
 * key stores d, p, q and iqmp only. Checks that the parts belong together, completes the CRT
 * values and, for a JWK with `d` alone, recovers the primes (NIST SP 800-56B rev. 2, C.2).
 *
 * Every function here takes sizes that the caller has bounded (`checkRsaSizes` first), and
 * each costs a known number of big-number operations (`rsaWorkMs`).
 */
import { bigIntToBytes, bitLength, bytesToBigInt, modPow, stripLeadingZeros } from '../bytes.js';
import { fail } from '../crypto/errors.js';
import { der } from '../der.js';
import { OID } from '../oids.js';
import { buildPkcs8 } from './pkcs8.js';

/** OpenSSH's and PuTTY's ceiling, and far above any RSA key in use. */
export const MAX_RSA_BITS = 16_384;
/**
 * Recovering p and q from d takes modular exponentiations of the modulus' size (measured about
 * 25 ms at 2,048 bits, 100 ms at 4,096 and 630 ms at 8,192 here): bounded lower.
 */
export const MAX_RSA_RECOVERY_BITS = 4_096;

/** The modulus is at most MAX_RSA_BITS and no other part is longer than it: before any arithmetic. */
export function checkRsaSizes(n: Uint8Array, parts: Record<string, Uint8Array | undefined>, what?: string): void {
  const at = what ? `${what}: ` : '';
  const bits = bitLength(n);
  if (bits > MAX_RSA_BITS) fail('limit_exceeded', `${at}an RSA key of ${bits.toLocaleString('en-US')} bits, above the limit of ${MAX_RSA_BITS.toLocaleString('en-US')}`);
  if (bits < 2) fail('der_invalid', `${at}the RSA modulus is zero or one`);
  const len = stripLeadingZeros(n).length;
  for (const [name, v] of Object.entries(parts)) {
    if (v && stripLeadingZeros(v).length > len) fail('der_invalid', `${at}the RSA key part ${name} is longer than the modulus`);
  }
}

/**
 * Estimated milliseconds for the consistency checks (a few multiplications and one modular
 * inverse: measured 0.1–0.3 ms at 2,048 bits, 6.4 ms at 16,384) or, with `recover`, for
 * recovering the primes (two or three modular exponentiations, ~25 ms each at 2,048 bits).
 * The checks grow with the square of the size, an exponentiation with its cube.
 */
export function rsaWorkMs(bits: number, recover = false): number {
  const k = bits / 2048;
  return recover ? 60 * k * k * k : 0.2 * k * k;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** a⁻¹ mod m, or undefined when a and m share a factor. */
export function modInverse(a: bigint, m: bigint): bigint | undefined {
  let [r0, r1] = [((a % m) + m) % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return r0 === 1n ? ((s0 % m) + m) % m : undefined;
}

export interface RsaPrivateParts {
  n: Uint8Array;
  e: Uint8Array;
  d: Uint8Array;
  p: Uint8Array;
  q: Uint8Array;
  dp: Uint8Array;
  dq: Uint8Array;
  qi: Uint8Array;
}

/** What is wrong with a set of parts, one sentence each; empty when they form one RSA key. */
export function rsaInconsistencies(k: RsaPrivateParts): string[] {
  const [n, e, d, p, q] = [k.n, k.e, k.d, k.p, k.q].map(bytesToBigInt) as [bigint, bigint, bigint, bigint, bigint];
  if (p < 2n || q < 2n) return ['p or q is not a prime (below 2)'];
  const out: string[] = [];
  if (p * q !== n) out.push('p × q is not the modulus n');
  if (bytesToBigInt(k.dp) !== d % (p - 1n)) out.push('dp is not d mod (p − 1)');
  if (bytesToBigInt(k.dq) !== d % (q - 1n)) out.push('dq is not d mod (q − 1)');
  if ((bytesToBigInt(k.qi) * q) % p !== 1n % p) out.push('qi is not the inverse of q mod p');
  const lambda = ((p - 1n) * (q - 1n)) / gcd(p - 1n, q - 1n);
  if (lambda > 1n && (e * d) % lambda !== 1n) out.push('d is not the inverse of e mod lcm(p − 1, q − 1)');
  return out;
}

/** dp, dq and qi from d, p and q (what PKCS#1 stores beside them). */
export function completeCrt(d: Uint8Array, p: Uint8Array, q: Uint8Array): { dp: Uint8Array; dq: Uint8Array; qi: Uint8Array } {
  const [D, P, Q] = [d, p, q].map(bytesToBigInt) as [bigint, bigint, bigint];
  if (P < 3n || Q < 3n) fail('der_invalid', 'the RSA primes p and q must be at least 3');
  const qi = modInverse(Q, P);
  if (qi === undefined) fail('der_invalid', 'the RSA primes p and q share a factor');
  return { dp: bigIntToBytes(D % (P - 1n)), dq: bigIntToBytes(D % (Q - 1n)), qi: bigIntToBytes(qi) };
}

/**
 * p and q from n, e and d (SP 800-56B rev. 2, appendix C.2): k = de − 1 = 2^t·r; for small
 * bases g, a square root of 1 mod n other than ±1 in the sequence g^r, g^2r, ... gives a
 * factor. When d belongs to n and e, g^k = 1 for every g and each base succeeds with
 * probability at least 1/2, so 2^k ≠ 1 proves d wrong at once and 24 bases bound the work.
 * Undefined when no factor was found.
 */
export function recoverPrimes(nBytes: Uint8Array, eBytes: Uint8Array, dBytes: Uint8Array): { p: Uint8Array; q: Uint8Array } | undefined {
  const [n, e, d] = [nBytes, eBytes, dBytes].map(bytesToBigInt) as [bigint, bigint, bigint];
  const k = d * e - 1n;
  if (n < 15n || k <= 0n || k & 1n) return undefined;
  let r = k;
  let t = 0;
  while (!(r & 1n)) {
    r >>= 1n;
    t++;
  }
  if (modPow(2n, k, n) !== 1n) return undefined;
  for (let g = 2n; g < 2n + 24n; g++) {
    let y = modPow(g, r, n);
    if (y === 1n || y === n - 1n) continue;
    for (let i = 1; i <= t; i++) {
      const x = (y * y) % n;
      if (x === 1n) {
        const p = gcd(y - 1n, n);
        if (p === 1n || p === n) return undefined;
        const q = n / p;
        return p > q ? { p: bigIntToBytes(p), q: bigIntToBytes(q) } : { p: bigIntToBytes(q), q: bigIntToBytes(p) };
      }
      if (x === n - 1n) break;
      y = x;
    }
  }
  return undefined;
}

/** PKCS#8 with an RSAPrivateKey, as `openssl pkey` writes it. */
export function rsaPkcs8(k: RsaPrivateParts): Uint8Array {
  const rsa = der.seq(der.int(0), ...[k.n, k.e, k.d, k.p, k.q, k.dp, k.dq, k.qi].map(der.uint));
  return buildPkcs8(der.seq(der.oid(OID.rsaEncryption), der.null()), rsa);
}
