/**
 * Issue 11, "serial_negative on positive serials": a 00 sign byte is not a minus sign. Serials are
 * shown as `openssl x509 -serial` prints them (recorded in the manifest by make-facts.sh), and only
 * a serial whose first content octet has its top bit set is negative.
 */
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../core/bytes.js';
import { serialHex, serialOctets } from '../../../core/x509/common.js';
import type { CertificateItem } from '../../../core/types.js';
import { codes, itemsOf, manifest } from './helpers.js';

describe('serial numbers', () => {
  for (const [file, openssl] of Object.entries(manifest.serials)) {
    it(`${file}: serial equals openssl -serial (${openssl}), negative only when it is`, async () => {
      const [cert] = (await itemsOf(file)) as CertificateItem[];
      expect(cert!.serial).toBe(openssl.toLowerCase());
      expect(codes(cert!).includes('serial_negative')).toBe(openssl.startsWith('-'));
    });
  }

  it('a DER file gives the same negative serial', async () => {
    const [cert] = (await itemsOf('serial/negative.der')) as CertificateItem[];
    expect(cert!.serial).toBe('-3039');
    expect(cert!.findings.find((f) => f.code === 'serial_negative')?.message).toContain('-3039');
  });

  /** Two's complement content octets of n, minimal (X.690 §8.3.2). */
  function encode(n: bigint): Uint8Array {
    let hex = (n < 0n ? (1n << BigInt(8 * byteLen(n))) + n : n).toString(16);
    if (hex.length % 2) hex = '0' + hex;
    if (n >= 0n && parseInt(hex.slice(0, 2), 16) & 0x80) hex = '00' + hex;
    return fromHex(hex);
  }
  function byteLen(n: bigint): number {
    let k = 1;
    while (!(-(1n << BigInt(8 * k - 1)) <= n && n < 1n << BigInt(8 * k - 1))) k++;
    return k;
  }

  it('serialHex is the signed value for every length and sign (against BigInt)', () => {
    const values: bigint[] = [0n, 1n, -1n, 127n, 128n, -128n, -129n, 255n, 256n, -256n, -12345n, -(2n ** 159n), 2n ** 159n - 1n, -(2n ** 160n) + 12345n];
    let x = 0x9e3779b97f4a7c15n;
    for (let i = 0; i < 300; i++) {
      x = (x * 6364136223846793005n + 1442695040888963407n) & ((1n << 64n) - 1n);
      const v = (x >> BigInt(i % 60)) * (i % 3 === 0 ? 1n : i % 3 === 1 ? -1n : 12345678901n);
      values.push(v);
    }
    for (const v of values) {
      const content = encode(v);
      const mag = (v < 0n ? -v : v).toString(16);
      const want = (v < 0n ? '-' : '') + (mag.length % 2 ? '0' + mag : mag);
      expect(serialHex(content), `value ${v}`).toBe(want);
      expect(serialOctets(serialHex(content)), `octets of ${v}`).toBe(content.length);
    }
  });
});
