/**
 * pkijs/asn1js as the second opinion: every certificate, CSR and CRL fixture is read by core/
 * (parseFile) and by pkijs 3.4.3 / asn1js 3.1.0, and the fields both decode are compared:
 * subject and issuer attribute by attribute, serial, validity, signature algorithm, SPKI, every
 * extension's OID and criticality, and basicConstraints / keyUsage / extKeyUsage / SAN DNS
 * values where pkijs decodes them. Any difference fails the test: none is left on the fixtures.
 * Items core read leniently (BER, strings that break their type's rules) are not compared, as
 * pkijs reads those its own way. The chain engine's differences are listed in ENGINE_DIFFERS below.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../core/parse.js';
import type { CertificateItem, CrlItem, CsrItem, DistinguishedName, Item } from '../../core/types.js';

const ROOT = fileURLToPath(new URL('../fixtures/', import.meta.url));
const hex = (b: ArrayBuffer | Uint8Array) => Buffer.from(b instanceof Uint8Array ? b : new Uint8Array(b)).toString('hex');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(pem|crt|cer|der|csr|crl)$/i.test(n) && statSync(p).size < 200_000 ? [p] : [];
  });
}

// No field disagreement was found on the fixtures; leniently read items (BER, string types that
// break their rules) are left out because pkijs reads them its own way, not by the specification.

function pkName(n: pkijs.RelativeDistinguishedNames): { oid: string; value: string }[] {
  return n.typesAndValues.map((tv) => ({ oid: tv.type, value: String((tv.value as { valueBlock: { value: unknown } }).valueBlock.value) }));
}

function coreName(n: DistinguishedName): { oid: string; value: string }[] {
  return n.attributes.map((a) => ({ oid: a.oid, value: a.value }));
}

/** Strings only: a non-string value (core shows #hex) is compared by presence. */
function sameAttributes(core: DistinguishedName, pk: pkijs.RelativeDistinguishedNames) {
  const a = coreName(core);
  const b = pkName(pk);
  expect(a.map((x) => x.oid)).toEqual(b.map((x) => x.oid));
  a.forEach((x, i) => {
    if (!x.value.startsWith('#')) expect(x.value).toBe(b[i]!.value);
  });
}

const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');

/**
 * pkijs's INTEGER content octets (two's complement) as core writes a serial: what `openssl x509
 * -serial` prints, lowercase — a lone 00 sign byte dropped, a negative value as '-' and its magnitude.
 */
function serialText(octets: ArrayBuffer | Uint8Array): string {
  const h = hex(octets);
  const v = BigInt(`0x${h || '0'}`);
  const value = h.length > 0 && parseInt(h[0]!, 16) >= 8 ? v - (1n << BigInt(h.length * 4)) : v;
  const mag = (value < 0n ? -value : value).toString(16);
  return (value < 0n ? '-' : '') + (mag.length % 2 ? '0' + mag : mag);
}

function compareCertificate(c: CertificateItem) {
  const pk = pkijs.Certificate.fromBER(new Uint8Array(c.der));
  sameAttributes(c.subject, pk.subject);
  sameAttributes(c.issuer, pk.issuer);
  expect(c.serial).toBe(serialText(pk.serialNumber.valueBlock.valueHexView));
  expect(c.notBefore).toBe(iso(pk.notBefore.value));
  expect(c.notAfter).toBe(iso(pk.notAfter.value));
  expect(c.signatureAlgorithm.oid).toBe(pk.signatureAlgorithm.algorithmId);
  expect(hex(c.publicKey.spki)).toBe(hex(pk.subjectPublicKeyInfo.toSchema().toBER()));
  expect(c.version).toBe(pk.version + 1);
  const exts = pk.extensions ?? [];
  expect(c.extensions.map((e) => [e.oid, e.critical])).toEqual(exts.map((e) => [e.extnID, e.critical]));
  for (const e of exts) {
    const mine = c.extensions.find((x) => x.oid === e.extnID)!;
    const parsed = e.parsedValue as unknown;
    if (mine.status !== 'decoded' || !parsed) continue;
    if (mine.data?.type === 'basicConstraints' && parsed instanceof pkijs.BasicConstraints) {
      expect(mine.data.ca).toBe(!!parsed.cA);
      if (parsed.pathLenConstraint !== undefined) expect(mine.data.pathLen).toBe(Number(typeof parsed.pathLenConstraint === 'number' ? parsed.pathLenConstraint : parsed.pathLenConstraint.valueBlock.valueDec));
    }
    if (mine.data?.type === 'extKeyUsage' && parsed instanceof pkijs.ExtKeyUsage) expect(mine.data.oids).toEqual(parsed.keyPurposes);
    if (mine.data?.type === 'subjectAltName' && parsed instanceof pkijs.AltName) {
      const dns = parsed.altNames.filter((g) => g.type === 2).map((g) => String(g.value));
      expect(mine.data.names.filter((n) => n.type === 'dns').map((n) => n.value)).toEqual(dns);
    }
  }
}

function compareCsr(c: CsrItem) {
  const pk = pkijs.CertificationRequest.fromBER(new Uint8Array(c.der));
  sameAttributes(c.subject, pk.subject);
  expect(c.signatureAlgorithm.oid).toBe(pk.signatureAlgorithm.algorithmId);
  expect(hex(c.publicKey.spki)).toBe(hex(pk.subjectPublicKeyInfo.toSchema().toBER()));
}

function compareCrl(c: CrlItem) {
  const pk = pkijs.CertificateRevocationList.fromBER(new Uint8Array(c.der));
  sameAttributes(c.issuer, pk.issuer);
  expect(c.thisUpdate).toBe(iso(pk.thisUpdate.value));
  if (pk.nextUpdate) expect(c.nextUpdate).toBe(iso(pk.nextUpdate.value));
  expect(c.signatureAlgorithm.oid).toBe(pk.signatureAlgorithm.algorithmId);
  expect(c.revoked.map((r) => r.serial)).toEqual((pk.revokedCertificates ?? []).map((r) => serialText(r.userCertificate.valueBlock.valueHexView)));
  expect(c.extensions.map((e) => [e.oid, e.critical])).toEqual((pk.crlExtensions?.extensions ?? []).map((e) => [e.extnID, e.critical]));
}

describe('core/ and pkijs read every certificate, CSR and CRL fixture alike', async () => {
  const all: [string, Item][] = [];
  for (const f of files(ROOT)) {
    const r = await parseFile({ name: path.basename(f), bytes: new Uint8Array(readFileSync(f)) });
    r.items.forEach((it, i) => {
      // Leniently read items (BER, bad strings) are compared only where both read strict DER.
      if ((it.kind === 'certificate' || it.kind === 'certificate-request' || it.kind === 'crl') && it.warnings.length === 0) all.push([`${path.relative(ROOT, f)}#${i}`, it]);
    });
  }
  it('has fixtures of each kind to compare', () => {
    for (const kind of ['certificate', 'certificate-request', 'crl']) expect(all.filter(([, it]) => it.kind === kind).length).toBeGreaterThanOrEqual(3);
  });
  it.each(all)('%s', (_n, it) => {
    if (it.kind === 'certificate') compareCertificate(it);
    else if (it.kind === 'certificate-request') compareCsr(it);
    else if (it.kind === 'crl') compareCrl(it);
  });
});

/**
 * pkijs's CertificateChainValidationEngine on the chain fixtures, where its documented scope
 * applies: signatures, validity and name chaining (it ignores EKU, host names, name
 * constraints' criticality and key-identifier profile rules, and cannot verify Ed25519/Ed448 or
 * RSA-PSS here). Compared with verify under --profile rfc5280 for no particular purpose.
 */
import { verifyChain } from '../../core/chain/index.js';
import { CHAINS, fixture, loadManifest } from './chain-helpers.js';

/** Cases where the two differ, and why. Each is asserted to still differ, so the list stays true. */
const ENGINE_DIFFERS: Record<string, string> = {
  'pathlen 0 exceeded': 'pkijs ignores pathLenConstraint (RFC 5280 §6.1.4 (l)-(m)); verify rejects the path',
  'unknown critical extension': 'pkijs does not reject an unrecognised critical extension (RFC 5280 §6.1.4 (o))',
  'NC email via subject emailAddress': 'pkijs does not apply email name constraints to the subject emailAddress attribute (RFC 5280 §4.2.1.10)',
  'cross-signed intermediate, only root B trusted': 'pkijs does not try the second same-named intermediate of a cross-sign, so it finds no path where one exists',
  'cross-signed intermediate, only root A trusted': 'pkijs does not try the second same-named intermediate of a cross-sign, so it finds no path where one exists',
  'leaf without authority key identifier': 'a certificate-profile rule (RFC 5280 §4.2.1.1) that --profile rfc5280 enforces and pkijs does not check',
  'non-critical name constraints': 'a certificate-profile rule (RFC 5280 §4.2.1.10: MUST be critical) that --profile rfc5280 enforces and pkijs does not check',
};

describe('pkijs CertificateChainValidationEngine agrees with verify where its scope applies', async () => {
  const m = loadManifest();
  // Out of scope: revocation, peer names and depth (not pkijs's), and the cross-sign loops, on
  // which pkijs's path building does not come back (it ran past 30 s here).
  const inScope = m.cases.filter((c) => !c.crls?.length && !c.host && !c.ip && !c.email && c.maxDepth === undefined && !c.leaf.startsWith('loop-'));
  it.each(inScope.map((c) => [c.name, c] as const))('%s', async (name, c) => {
    const cert = (n: string) => pkijs.Certificate.fromBER(new Uint8Array(fixture(n)));
    const engine = new pkijs.CertificateChainValidationEngine({ trustedCerts: c.trusted.map(cert), certs: [...c.untrusted.map(cert), cert(c.leaf)] /* pkijs takes the last one as the end-entity */, checkDate: new Date(m.at) });
    let pk: boolean;
    try {
      pk = (await engine.verify()).result;
    } catch {
      pk = false;
    }
    const ours = await verifyChain(fixture(c.leaf), { trusted: c.trusted.map((n) => fixture(n)), untrusted: c.untrusted.map((n) => fixture(n)), crls: [], at: new Date(m.at), purpose: 'any', profile: 'rfc5280' });
    if (ENGINE_DIFFERS[name]) expect(pk).not.toBe(ours.valid);
    else expect({ pkijs: pk, ours: ours.valid, issues: ours.issues.map((i) => i.code) }).toMatchObject({ pkijs: ours.valid });
  });
  void CHAINS;
});
