import { describe, expect, test } from 'vitest';
import { fromHex, utf8Encode } from '../../core/bytes.js';
import { der, tlv } from '../../core/der.js';
import { decodeExtension } from '../../core/x509/extensions/index.js';

const ascii = (s: string) => utf8Encode(s);
const ia5 = (n: number, s: string) => tlv(0x80 | n, ascii(s));
const utf8 = (s: string) => tlv(0x0c, ascii(s));
const printable = (s: string) => tlv(0x13, ascii(s));
const name = (cn: string) => der.seq(der.set(der.seq(der.oid('2.5.4.3'), utf8(cn))));
const bool = (b: boolean) => tlv(0x01, Uint8Array.of(b ? 0xff : 0));

interface Case {
  name: string;
  oid: string;
  value: Uint8Array;
  lines: string[];
  data?: unknown;
}

const cases: Case[] = [
  {
    name: 'subjectAltName with every common GeneralName type',
    oid: '2.5.29.17',
    value: der.seq(
      ia5(2, 'www.example.test'),
      tlv(0x87, Uint8Array.of(192, 0, 2, 1)),
      tlv(0x87, fromHex('20010db8000000000000000000000001')),
      ia5(1, 'alice@example.test'),
      ia5(6, 'https://example.test/'),
      der.explicit(4, name('Dir')),
      tlv(0x88, der.oid('1.2.3.4').subarray(2)),
      tlv(0xa0, der.raw([der.oid('1.3.6.1.4.1.311.20.2.3'), der.explicit(0, utf8('upn@example.test'))])),
    ),
    lines: [
      'DNS:www.example.test',
      'IP Address:192.0.2.1',
      'IP Address:2001:db8::1',
      'email:alice@example.test',
      'URI:https://example.test/',
      'DirName:CN=Dir',
      'Registered ID:1.2.3.4',
      'othername:UPN:upn@example.test',
    ],
  },
  {
    name: 'keyUsage digitalSignature + keyEncipherment',
    oid: '2.5.29.15',
    value: der.bits(Uint8Array.of(0xa0), 5),
    lines: ['digitalSignature', 'keyEncipherment'],
    data: { type: 'keyUsage', usages: ['digitalSignature', 'keyEncipherment'] },
  },
  {
    name: 'keyUsage with decipherOnly (second byte)',
    oid: '2.5.29.15',
    value: der.bits(Uint8Array.of(0x06, 0x80), 7),
    lines: ['keyCertSign', 'cRLSign', 'decipherOnly'],
  },
  {
    name: 'extendedKeyUsage by name, unknown OID kept',
    oid: '2.5.29.37',
    value: der.seq(der.oid('1.3.6.1.5.5.7.3.1'), der.oid('1.3.6.1.5.5.7.3.2'), der.oid('1.2.3.4.5')),
    lines: ['serverAuth', 'clientAuth', '1.2.3.4.5'],
    data: { type: 'extKeyUsage', oids: ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2', '1.2.3.4.5'] },
  },
  {
    name: 'basicConstraints CA with pathLen',
    oid: '2.5.29.19',
    value: der.seq(bool(true), der.int(1)),
    lines: ['CA:TRUE', 'pathlen:1'],
    data: { type: 'basicConstraints', ca: true, pathLen: 1 },
  },
  { name: 'basicConstraints empty = end entity', oid: '2.5.29.19', value: der.seq(), lines: ['CA:FALSE'], data: { type: 'basicConstraints', ca: false } },
  {
    name: 'subjectKeyIdentifier',
    oid: '2.5.29.14',
    value: der.octets(fromHex('0102a0ff')),
    lines: ['01:02:A0:FF'],
    data: { type: 'subjectKeyIdentifier', keyIdHex: '0102a0ff' },
  },
  {
    name: 'authorityKeyIdentifier with issuer and serial',
    oid: '2.5.29.35',
    value: der.seq(tlv(0x80, fromHex('aabb')), tlv(0xa1, der.explicit(4, name('Root'))), tlv(0x82, fromHex('05'))),
    lines: ['keyid:AA:BB', 'DirName:CN=Root', 'serial:05'],
  },
  {
    name: 'authorityInfoAccess OCSP + caIssuers',
    oid: '1.3.6.1.5.5.7.1.1',
    value: der.seq(
      der.seq(der.oid('1.3.6.1.5.5.7.48.1'), ia5(6, 'http://ocsp.example.test')),
      der.seq(der.oid('1.3.6.1.5.5.7.48.2'), ia5(6, 'http://ca.example.test/ca.crt')),
    ),
    lines: ['OCSP - URI:http://ocsp.example.test', 'CA Issuers - URI:http://ca.example.test/ca.crt'],
    data: { type: 'authorityInfoAccess', ocsp: ['http://ocsp.example.test'], caIssuers: ['http://ca.example.test/ca.crt'] },
  },
  {
    name: 'crlDistributionPoints full name URI',
    oid: '2.5.29.31',
    value: der.seq(der.seq(der.explicit(0, tlv(0xa0, ia5(6, 'http://crl.example.test/ca.crl'))))),
    lines: ['Full Name: URI:http://crl.example.test/ca.crl'],
    data: { type: 'crlDistributionPoints', uris: ['http://crl.example.test/ca.crl'], points: [{ fullName: [{ type: 'uri', value: 'http://crl.example.test/ca.crl' }] }] },
  },
  {
    name: 'certificatePolicies with CPS and user notice',
    oid: '2.5.29.32',
    value: der.seq(
      der.seq(
        der.oid('2.23.140.1.2.1'),
        der.seq(
          der.seq(der.oid('1.3.6.1.5.5.7.2.1'), tlv(0x16, ascii('https://cps.example.test'))),
          der.seq(der.oid('1.3.6.1.5.5.7.2.2'), der.seq(utf8('Test only'))),
        ),
      ),
    ),
    lines: ['Policy: CA/B domain-validated (2.23.140.1.2.1)', '  CPS: https://cps.example.test', '  User Notice: Explicit Text: Test only'],
    data: { type: 'certificatePolicies', policies: ['2.23.140.1.2.1'] },
  },
  {
    name: 'nameConstraints permitted DNS + IP/mask, excluded email',
    oid: '2.5.29.30',
    value: der.seq(
      tlv(0xa0, der.raw([der.seq(ia5(2, '.example.test')), der.seq(tlv(0x87, Uint8Array.of(10, 0, 0, 0, 255, 0, 0, 0)))])),
      tlv(0xa1, der.seq(ia5(1, 'example.org'))),
    ),
    lines: ['Permitted: DNS:.example.test', 'Permitted: IP Address:10.0.0.0/255.0.0.0', 'Excluded: email:example.org'],
    data: {
      type: 'nameConstraints',
      permitted: [
        { type: 'dns', value: '.example.test' },
        { type: 'ip', value: '10.0.0.0/255.0.0.0', bytesHex: '0a000000ff000000' },
      ],
      excluded: [{ type: 'email', value: 'example.org' }],
    },
  },
  {
    name: 'policyConstraints',
    oid: '2.5.29.36',
    value: der.seq(tlv(0x80, Uint8Array.of(0)), tlv(0x81, Uint8Array.of(2))),
    lines: ['Require Explicit Policy: 0', 'Inhibit Policy Mapping: 2'],
    data: { type: 'policyConstraints', requireExplicitPolicy: 0, inhibitPolicyMapping: 2 },
  },
  { name: 'inhibitAnyPolicy', oid: '2.5.29.54', value: der.int(3), lines: ['3'], data: { type: 'inhibitAnyPolicy', skipCerts: 3 } },
  {
    name: 'policyMappings',
    oid: '2.5.29.33',
    value: der.seq(der.seq(der.oid('1.2.3'), der.oid('1.2.4'))),
    lines: ['1.2.3 → 1.2.4'],
    data: { type: 'policyMappings', mappings: [{ issuer: '1.2.3', subject: '1.2.4' }] },
  },
  { name: 'TLS feature (must-staple)', oid: '1.3.6.1.5.5.7.1.24', value: der.seq(der.int(5)), lines: ['status_request'] },
  {
    name: 'Netscape cert type',
    oid: '2.16.840.1.113730.1.1',
    value: der.bits(Uint8Array.of(0xc0), 6),
    lines: ['SSL Client', 'SSL Server'],
  },
  { name: 'Netscape comment', oid: '2.16.840.1.113730.1.13', value: tlv(0x16, ascii('OpenSSL Generated')), lines: ['OpenSSL Generated'] },
  {
    name: 'Microsoft template name (BMPString)',
    oid: '1.3.6.1.4.1.311.20.2',
    value: tlv(0x1e, Uint8Array.of(0, 0x57, 0, 0x65, 0, 0x62)),
    lines: ['Web'],
  },
  {
    name: 'Microsoft template with versions',
    oid: '1.3.6.1.4.1.311.21.7',
    value: der.seq(der.oid('1.3.6.1.4.1.311.21.8.1'), der.int(100), der.int(4)),
    lines: ['Template: 1.3.6.1.4.1.311.21.8.1', 'Major Version: 100', 'Minor Version: 4'],
  },
  {
    name: 'Microsoft application policies by name',
    oid: '1.3.6.1.4.1.311.21.10',
    value: der.seq(der.seq(der.oid('1.3.6.1.5.5.7.3.1'))),
    lines: ['serverAuth'],
  },
];

function sct(version: number, logByte: number, ms: number): Uint8Array {
  const body = new Uint8Array(1 + 32 + 8 + 2 + 4);
  body[0] = version;
  body.fill(logByte, 1, 33);
  let t = ms;
  for (let i = 7; i >= 0; i--) {
    body[33 + i] = t % 256;
    t = Math.floor(t / 256);
  }
  // no extensions (00 00), then a 4-byte stub signature (hash, sig, len 0)
  body.set([0, 0, 4, 3, 0, 0], 41);
  return Uint8Array.from([body.length >> 8, body.length & 0xff, ...body]);
}

describe('extension decoders', () => {
  test.each(cases)('$name', ({ oid, value, lines, data }) => {
    const ext = decodeExtension(oid, false, value);
    expect(ext.status).toBe('decoded');
    expect(ext.lines).toEqual(lines);
    if (data) expect(ext.data).toEqual(data);
  });

  test('SCT list: version, log ID and timestamp per SCT', () => {
    const list = [...sct(0, 0xab, Date.UTC(2024, 0, 2, 3, 4, 5)), ...sct(0, 0xcd, Date.UTC(2025, 5, 6))];
    const value = der.octets(Uint8Array.from([list.length >> 8, list.length & 0xff, ...list]));
    const ext = decodeExtension('1.3.6.1.4.1.11129.2.4.2', false, value);
    expect(ext.status).toBe('decoded');
    const colon = (b: string) => Array(32).fill(b.toUpperCase()).join(':');
    expect(ext.lines).toEqual([`SCT v1: log ${colon('ab')}, timestamp 2024-01-02T03:04:05Z, ecdsa-with-SHA256`, `SCT v1: log ${colon('cd')}, timestamp 2025-06-06T00:00:00Z, ecdsa-with-SHA256`]);
  });

  test('unknown OID keeps raw hex with status unknown', () => {
    const ext = decodeExtension('1.2.3.4.5.6', true, printable('x'));
    expect(ext).toMatchObject({ status: 'unknown', name: '1.2.3.4.5.6', critical: true, rawHex: '130178', lines: [] });
  });

  test.each([
    { name: 'truncated SAN', oid: '2.5.29.17', value: fromHex('3005820377') },
    { name: 'basicConstraints that is not a SEQUENCE', oid: '2.5.29.19', value: der.int(1) },
    { name: 'keyUsage with trailing bytes', oid: '2.5.29.15', value: fromHex('030205a000') },
    { name: 'SCT list with a wrong total length', oid: '1.3.6.1.4.1.11129.2.4.2', value: der.octets(fromHex('00ff0001')) },
    { name: 'IP address of 5 bytes', oid: '2.5.29.17', value: der.seq(tlv(0x87, Uint8Array.of(1, 2, 3, 4, 5))) },
  ])('malformed: $name', ({ oid, value }) => {
    const ext = decodeExtension(oid, false, value);
    expect(ext.status).toBe('malformed');
    expect(ext.rawHex.length).toBe(value.length * 2);
  });
});
