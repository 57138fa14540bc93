/**
 * Issue 11: CRL distribution points with a relative name, reason flags and a CRL issuer, and the
 * extensions OpenSSL 3.0 prints only as a dump (so openssl-extensions.test.ts cannot check them):
 * their lines here are what the fixture script encoded.
 */
import { describe, expect, it } from 'vitest';
import type { CertificateItem, CrlItem, ExtensionInfo } from '../../../core/types.js';
import { itemsOf } from './helpers.js';

const byName = (exts: ExtensionInfo[], name: string) => {
  const e = exts.find((x) => x.name === name);
  if (!e) throw new Error(`no ${name} in ${exts.map((x) => x.name).join(', ')}`);
  return e;
};

describe('extensions of facts/extensions/many.crt', async () => {
  const [cert] = (await itemsOf('extensions/many.crt')) as CertificateItem[];
  const ext = (name: string) => byName(cert!.extensions, name);

  it('crlDistributionPoints: full name, reasons, CRL issuer; relative name', () => {
    const dp = ext('crlDistributionPoints');
    expect(dp.lines).toEqual([
      'Full Name: URI:http://crl.example.test/full.crl',
      'Reasons: keyCompromise, cACompromise',
      'CRL Issuer: DirName:CN=CRL Issuer, O=Example CRL Issuer, C=US',
      'Relative Name: CN=crl1',
    ]);
    expect(dp.data).toMatchObject({
      type: 'crlDistributionPoints',
      uris: ['http://crl.example.test/full.crl'],
      points: [
        { fullName: [{ type: 'uri', value: 'http://crl.example.test/full.crl' }], reasons: ['keyCompromise', 'cACompromise'], crlIssuer: [{ type: 'dirName', value: 'CN=CRL Issuer, O=Example CRL Issuer, C=US' }] },
        { relativeName: 'CN=crl1' },
      ],
    });
    expect(ext('freshestCRL').lines).toEqual(['Full Name: URI:http://delta.example.test/delta.crl']);
  });

  it.each([
    ['ocspNoCheck', ['clients do not check this OCSP responder certificate for revocation']],
    ['nsBaseUrl', ['http://ns.example.test/']],
    ['nsSslServerName', ['ns.example.test']],
    ['msCAVersion', ['V0.65535']],
    ['msPreviousCAHash', ['00:01:02:03:04:05:06:07:08:09:0A:0B:0C:0D:0E:0F:10:11:12:13']],
    ['msCertificateTemplate', ['Template: 1.3.6.1.4.1.311.21.8.1.2.3', 'Major Version: 100', 'Minor Version: 3']],
    ['msCertificateTemplateName', ['WebServer']],
    ['entrustVersionInfo', ['Version: V8.1']],
    ['privateKeyUsagePeriod', ['Not Before: 2024-01-01T00:00:00Z', 'Not After: 2030-01-01T00:00:00Z']],
    ['subjectDirectoryAttributes', ['dateOfBirth: 1970-01-01T12:00:00Z', 'countryOfCitizenship: DE']],
    ['logotype', ['Subject logo: image/png', 'URI:https://logo.example.test/logo.png']],
    ['qcStatements', ['QcCompliance (EU qualified certificate)', 'QcType: web']],
    ['subjectInfoAccess', ['CA Repository - URI:http://repo.example.test/']],
  ])('%s', (name, lines) => {
    const e = ext(name);
    expect(e.status).toBe('decoded');
    expect(e.lines).toEqual(lines);
  });

  it('no extension of it is unknown or malformed', () => {
    expect(cert!.extensions.filter((e) => e.status !== 'decoded').map((e) => e.name)).toEqual([]);
  });
});

describe('extensions of facts/extensions/idp.crl', async () => {
  const [crl] = (await itemsOf('extensions/idp.crl')) as CrlItem[];
  it('issuingDistributionPoint', () => {
    const e = byName(crl!.extensions, 'issuingDistributionPoint');
    expect(e.lines).toEqual(['Full Name: URI:http://crl.example.test/idp.crl', 'Only User Certificates', 'Only Some Reasons: keyCompromise, superseded', 'Indirect CRL']);
    expect(e.data).toMatchObject({ type: 'issuingDistributionPoint', uris: ['http://crl.example.test/idp.crl'], onlyUserCerts: true, indirectCrl: true, onlySomeReasons: ['keyCompromise', 'superseded'] });
    expect(crl!.revoked).toEqual([{ serial: '1234', date: '2025-01-01T00:00:00Z', reason: 'certificateHold' }]);
  });
});
