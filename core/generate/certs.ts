/**
 * X.509 v3 certificates and PKCS#10 requests. pkijs lays out the TBSCertificate; extension
 * values are written with our DER writer (exact DER: defaults omitted, minimal bit strings);
 * signing is ours for every algorithm because pkijs cannot sign with EdDSA, and one path is
 * easier to trust than two.
 */
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { sha1 } from '@noble/hashes/legacy.js';
import { utf8Encode } from '../bytes.js';
import { der, TAG, tlv } from '../der.js';
import { GenerateError } from './error.js';
import { plain, sign, signatureAlgorithm, signatureAlgorithmDer, spkiPublicBytes, type KeyPair } from './keys.js';

export interface NameSpec {
  commonName: string;
  organization?: string;
}

export interface ExtensionSpec {
  oid: string;
  critical: boolean;
  /** DER of the extnValue contents. */
  value: Uint8Array;
}

export interface CertificateSpec {
  subject: NameSpec;
  issuer: NameSpec;
  /** The certified key (only its SPKI is used). */
  subjectKey: KeyPair;
  /** The key that signs. */
  issuerKey: KeyPair;
  notBefore: Date;
  notAfter: Date;
  extensions: ExtensionSpec[];
}

export const EKU = { serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2' };

const EXT = {
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
};

const KEY_USAGE_BITS = {
  digitalSignature: 0,
  nonRepudiation: 1,
  keyEncipherment: 2,
  dataEncipherment: 3,
  keyAgreement: 4,
  keyCertSign: 5,
  cRLSign: 6,
} as const;
export type KeyUsageName = keyof typeof KEY_USAGE_BITS;

export function basicConstraints(ca: boolean, pathLen?: number): ExtensionSpec {
  // DER omits DEFAULT values: CA:false is an empty SEQUENCE.
  const parts = ca ? [Uint8Array.of(0x01, 0x01, 0xff), ...(pathLen !== undefined ? [der.int(pathLen)] : [])] : [];
  return { oid: EXT.basicConstraints, critical: true, value: der.seq(...parts) };
}

export function keyUsage(usages: KeyUsageName[]): ExtensionSpec {
  let bits = 0;
  let highest = 0;
  for (const u of usages) {
    const bit = KEY_USAGE_BITS[u];
    bits |= 0x80 >> bit;
    highest = Math.max(highest, bit);
  }
  // Named bit lists drop trailing zero bits in DER, so the unused count follows the last set bit.
  return { oid: EXT.keyUsage, critical: true, value: der.bits(Uint8Array.of(bits), 7 - highest) };
}

export function extKeyUsage(oids: string[]): ExtensionSpec {
  return { oid: EXT.extKeyUsage, critical: false, value: der.seq(...oids.map(der.oid)) };
}

export type AltName = { type: 'dns'; value: string } | { type: 'ip'; bytes: Uint8Array } | { type: 'email'; value: string };

export function subjectAltName(names: AltName[]): ExtensionSpec {
  const encoded = names.map((n) => {
    if (n.type === 'dns') return tlv(0x82, utf8Encode(n.value));
    if (n.type === 'email') return tlv(0x81, utf8Encode(n.value));
    return tlv(0x87, n.bytes);
  });
  return { oid: EXT.subjectAltName, critical: false, value: der.seq(...encoded) };
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING contents. */
export function keyIdentifier(key: KeyPair): Uint8Array {
  return sha1(spkiPublicBytes(key.spki));
}

export function subjectKeyIdentifier(key: KeyPair): ExtensionSpec {
  return { oid: EXT.subjectKeyIdentifier, critical: false, value: der.octets(keyIdentifier(key)) };
}

export function authorityKeyIdentifier(issuerKey: KeyPair): ExtensionSpec {
  return { oid: EXT.authorityKeyIdentifier, critical: false, value: der.seq(tlv(0x80, keyIdentifier(issuerKey))) };
}

/** 16 random bytes, positive (high bit clear) and with a non-zero first byte so it stays 16 bytes long. */
export function randomSerial(): Uint8Array {
  const serial = globalThis.crypto.getRandomValues(new Uint8Array(16));
  serial[0] = serial[0]! & 0x7f || 0x01;
  return serial;
}

export async function issueCertificate(spec: CertificateSpec): Promise<Uint8Array> {
  if (spec.notAfter.getTime() <= spec.notBefore.getTime()) {
    throw new GenerateError('invalid_option', 'The certificate would expire before it starts: give a positive number of days.');
  }
  const alg = signatureAlgorithm(spec.issuerKey);
  const cert = new pkijs.Certificate();
  cert.version = 2;
  cert.serialNumber = new asn1js.Integer({ valueHex: randomSerial() });
  cert.signature = new pkijs.AlgorithmIdentifier({
    algorithmId: alg.oid,
    ...(alg.nullParams ? { algorithmParams: new asn1js.Null() } : {}),
  });
  cert.issuer = pkijsName(spec.issuer);
  cert.subject = pkijsName(spec.subject);
  cert.notBefore = x509Time(spec.notBefore);
  cert.notAfter = x509Time(spec.notAfter);
  cert.subjectPublicKeyInfo = pkijs.PublicKeyInfo.fromBER(plain(spec.subjectKey.spki));
  cert.extensions = spec.extensions.map(
    (e) => new pkijs.Extension({ extnID: e.oid, critical: e.critical, extnValue: plain(e.value).buffer }),
  );
  const tbs = new Uint8Array(cert.encodeTBS().toBER(false));
  return signed(tbs, spec.issuerKey);
}

/** PKCS#10: subject, key, and the wanted extensions in an extensionRequest attribute. */
export async function makeCsr(subject: NameSpec, key: KeyPair, extensions: ExtensionSpec[]): Promise<Uint8Array> {
  const extensionRequest = der.seq(
    der.oid('1.2.840.113549.1.9.14'),
    der.set(der.seq(...extensions.map(extensionDer))),
  );
  const info = der.seq(
    der.int(0),
    nameDer(subject),
    key.spki,
    tlv(0xa0, extensionRequest),
  );
  return signed(info, key);
}

function extensionDer(e: ExtensionSpec): Uint8Array {
  return der.seq(der.oid(e.oid), ...(e.critical ? [Uint8Array.of(0x01, 0x01, 0xff)] : []), der.octets(e.value));
}

async function signed(tbs: Uint8Array, key: KeyPair): Promise<Uint8Array> {
  const signature = await sign(key, tbs);
  return der.seq(tbs, signatureAlgorithmDer(key), der.bits(signature));
}

/** Name DER: one attribute per RDN (pkijs would put them all into a single multi-valued RDN). */
export function nameDer(name: NameSpec): Uint8Array {
  const rdn = (oid: string, value: string) => der.set(der.seq(der.oid(oid), tlv(TAG.UTF8String, utf8Encode(value))));
  // Most significant first, as OpenSSL and most CAs write it: O, then CN.
  return der.seq(...(name.organization ? [rdn('2.5.4.10', name.organization)] : []), rdn('2.5.4.3', name.commonName));
}

function pkijsName(name: NameSpec): pkijs.RelativeDistinguishedNames {
  return pkijs.RelativeDistinguishedNames.fromBER(plain(nameDer(name)));
}

/** RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050; whole seconds. */
function x509Time(date: Date): pkijs.Time {
  const whole = new Date(Math.floor(date.getTime() / 1000) * 1000);
  return new pkijs.Time({ type: whole.getUTCFullYear() < 2050 ? 0 : 1, value: whole });
}
