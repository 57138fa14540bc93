/** Strings that break their ASN.1 type's rules are read leniently and reported as findings. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseFile } from '../../core/parse.js';

const der = new Uint8Array(readFileSync(new URL('../fixtures/files/certs/server-rsa.der', import.meta.url)));

/** The certificate with the first `C=US` PrintableString's content replaced by `bytes`. */
function withCountry(bytes: number[]): Uint8Array {
  const out = der.slice();
  for (let i = 0; i + 3 < out.length; i++) {
    if (out[i] === 0x13 && out[i + 1] === 0x02 && out[i + 2] === 0x55 && out[i + 3] === 0x53) {
      out.set(bytes, i + 2);
      return out;
    }
  }
  throw new Error('fixture has no PrintableString "US"');
}

describe('string types', () => {
  it.each([
    { name: 'an underscore in a PrintableString', bytes: [0x55, 0x5f], want: /PrintableString/ },
    { name: 'a non-ASCII byte in a PrintableString', bytes: [0x55, 0xe9], want: /PrintableString/ },
  ])('$name is shown and reported', async ({ bytes, want }) => {
    const r = await parseFile({ name: 'x.der', bytes: withCountry(bytes) });
    expect(r.errors).toEqual([]);
    const cert = r.items[0]!;
    expect(cert.kind).toBe('certificate');
    expect(cert.findings.filter((f) => f.code === 'non_der').map((f) => f.message)).toEqual([expect.stringMatching(want)]);
  });

  it('a well-formed certificate has no such finding', async () => {
    const r = await parseFile({ name: 'x.der', bytes: der });
    expect(r.items[0]!.findings.filter((f) => f.code === 'non_der')).toEqual([]);
  });
});
