/**
 * Issue 11, trailing bytes: a certificate followed by more bytes (inside the base64, or in a DER
 * file) is read as OpenSSL reads it, and the extra bytes are a finding, not a der_invalid error.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { CertificateItem } from '../../../core/types.js';
import { codes, factsPath, parseFacts } from './helpers.js';

const opensslSubject = (file: string, der: boolean) =>
  execFileSync('openssl', ['x509', '-noout', '-subject', '-nameopt', 'RFC2253', ...(der ? ['-inform', 'DER'] : []), '-in', factsPath(file)], { encoding: 'utf8' }).trim().replace(/^subject=/, '');

describe('trailing bytes after a complete certificate', () => {
  const cases = [
    { file: 'trailing/text-after.crt', der: false, trailing: 16 },
    { file: 'trailing/text-after.der', der: true, trailing: 16 },
    { file: 'trailing/zeros-after.der', der: true, trailing: 7 },
    { file: 'trailing/two-in-one.crt', der: false, trailing: undefined },
  ];
  for (const c of cases) {
    it(`${c.file}: read like OpenSSL, with a trailing_bytes finding`, async () => {
      const r = await parseFacts(c.file);
      expect(r.errors).toEqual([]);
      expect(r.items).toHaveLength(1);
      const cert = r.items[0] as CertificateItem;
      expect(cert.kind).toBe('certificate');
      expect(cert.subject.text.replace(/, /g, ',')).toBe(opensslSubject(c.file, c.der));
      if (c.trailing !== undefined) expect(cert.trailingBytes).toBe(c.trailing);
      else expect(cert.trailingBytes).toBeGreaterThan(100);
      expect(codes(cert)).toContain('trailing_bytes');
      const f = cert.findings.find((x) => x.code === 'trailing_bytes')!;
      expect(f.message).toContain(c.der ? 'in the file' : 'inside its PEM block');
    });
  }

  it('a certificate without extra bytes has no such finding', async () => {
    const r = await parseFacts('serial/positive.crt');
    expect(r.items[0]!.trailingBytes).toBeUndefined();
    expect(codes(r.items[0]!)).not.toContain('trailing_bytes');
  });
});
