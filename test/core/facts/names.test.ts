/**
 * Issue 11, lookalike and malformed names (core side): mixed-script names (a Cyrillic "а" in
 * "аpple.com", an IDN label mixing scripts), hidden characters in any name string, and SAN
 * entries `verify` rejects (a soft hyphen or any non-LDH character in a dNSName, an e-mail with
 * two @, a URI with spaces) are findings; a clean certificate has none of them.
 */
import { domainToUnicode } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validDnsName as verifyDnsRule } from '../../../core/chain/names.js';
import { emailProblem, mixedScripts, punycodeDecode, unicodeDnsName, uriProblem, validDnsName } from '../../../core/lint-names.js';
import type { CertificateItem } from '../../../core/types.js';
import { itemsOf } from './helpers.js';

const NAME_CODES = ['name_hidden_characters', 'name_mixed_scripts', 'san_invalid_name'];

describe('name findings on the names/ fixtures', () => {
  const cases: [string, string[]][] = [
    ['names/clean.crt', []],
    ['names/cyrillic.crt', ['name_mixed_scripts', 'name_mixed_scripts']],
    ['names/idn-mixed.crt', ['name_mixed_scripts']],
    ['names/soft-hyphen.crt', ['name_hidden_characters', 'san_invalid_name']],
    ['names/non-ldh.crt', ['san_invalid_name', 'san_invalid_name']],
    ['names/hidden.crt', ['name_hidden_characters', 'name_hidden_characters']],
    ['names/bad-ia5.crt', ['san_invalid_name', 'san_invalid_name']],
  ];
  for (const [file, want] of cases) {
    it(`${file}: ${want.join(', ') || 'none'}`, async () => {
      const [cert] = (await itemsOf(file)) as CertificateItem[];
      const got = cert!.findings.filter((f) => NAME_CODES.includes(f.code));
      expect(got.map((f) => f.code).sort()).toEqual([...want].sort());
      for (const f of got) {
        expect(f.severity).toBe(f.code === 'san_invalid_name' ? 'error' : 'warning');
        // Sentences show hidden characters visibly, never raw.
        expect(f.message).not.toMatch(/[\u202e\u200b\u00ad]/);
      }
    });
  }

  it('the messages say what the name reads as and which scripts it mixes', async () => {
    const [cert] = (await itemsOf('names/cyrillic.crt')) as CertificateItem[];
    const msgs = cert!.findings.map((f) => f.message).join('\n');
    expect(msgs).toContain('"xn--pple-43d.com" reads as "\u0430pple.com"');
    expect(msgs).toContain('Cyrillic and Latin');
    const [soft] = (await itemsOf('names/soft-hyphen.crt')) as CertificateItem[];
    expect(soft!.findings.map((f) => f.message).join('\n')).toContain('www.pay<U+00AD>pal.com');
  });

  it('san_invalid_name on a dNSName is exactly what verify rejects', async () => {
    const names = ['www.example.test', '*.example.test', 'a.b.c', 'example.test.', 'under_score.test', 'sp ace.test', 'www.pay\u00adpal.com', '-lead.test', 'trail-.test', '*.*.test', 'x'.repeat(64) + '.test', '', '.', 'a..b', '*'];
    for (const n of names) expect(validDnsName(n), n).toBe(verifyDnsRule(n));
  });
});

describe('helpers', () => {
  it('punycode decodes as the platform does', () => {
    for (const label of ['pple-43d', 'paypl-7ve', 'bcher-kva', 'mnchen-3ya', '-> $1.00 <--', 'ihqwcrb4cv8a8dqg056pqjye', 'egbpdaj6bu4bxfgehfvwxn']) {
      expect(punycodeDecode(label), label).toBe(domainToUnicode(`xn--${label}`) || punycodeDecode(label));
    }
    expect(unicodeDnsName('www.xn--pple-43d.com')).toBe('www.\u0430pple.com');
    expect(unicodeDnsName('www.example.com')).toBeUndefined();
    expect(punycodeDecode('99999999999999999999999')).toBeUndefined();
  });

  it('mixed scripts: per word, with the combinations used together allowed', () => {
    expect(mixedScripts('\u0430pple')).toEqual(['Cyrillic', 'Latin']);
    expect(mixedScripts('\u03bfpen')).toEqual(['Greek', 'Latin']);
    expect(mixedScripts('apple')).toBeUndefined();
    expect(mixedScripts('\u044f\u0431\u043b\u043e\u043a\u043e')).toBeUndefined();
    expect(mixedScripts('\u6771\u4eac\u30bf\u30ef\u30fcABC')).toBeUndefined(); // Han + Katakana + Latin (Japanese)
    expect(mixedScripts('\ud55c\uad6d\u8a9eABC')).toBeUndefined(); // Hangul + Han + Latin
  });

  it('e-mail and URI rules', () => {
    expect(emailProblem('alice@example.test')).toBeUndefined();
    expect(emailProblem('alice@evil@example.test')).toMatch(/2 @/);
    expect(emailProblem('al ice@example.test')).toMatch(/spaces/);
    expect(emailProblem('alice@exa_mple.test')).toMatch(/domain/);
    expect(uriProblem('https://example.test/a?b=c#d')).toBeUndefined();
    expect(uriProblem('http://exa mple.test/')).toMatch(/white space/);
    expect(uriProblem('example.test/path')).toMatch(/scheme/);
    expect(uriProblem('http://example.test/%zz')).toMatch(/escape/);
  });
});
