/**
 * Issue 11, "extensions shown as unknown": every extension of every certificate and CRL in the
 * fixtures (test/fixtures/**) and in Node's root store is compared with `openssl -text`:
 *   - the same extensions, in order, with the same criticality;
 *   - every extension OpenSSL decodes, we decode (not `unknown`, not `malformed`);
 *   - the facts OpenSSL prints for it (names, URIs, relative names, key identifiers and other
 *     hex, OIDs, dates, usage and reason words) are in our lines.
 * So an extension OpenSSL knows and we do not, or a value we drop (a relative name, reason
 * flags), fails here.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../../../core/bytes.js';
import { parseFile } from '../../../core/parse.js';
import type { CertificateItem, CrlItem, ExtensionInfo } from '../../../core/types.js';
import { AT, FACTS } from './helpers.js';

const FIXTURES = path.resolve(FACTS, '..');

/** Extensions OpenSSL names but prints as a raw dump (so there is nothing to compare). */
const OPENSSL_DUMPS = new Set(['setCext-hashedRoot']);

/** OpenSSL's words for usages, purposes and reasons → ours. */
const WORDS: Record<string, string> = {
  'Digital Signature': 'digitalSignature',
  'Non Repudiation': 'nonRepudiation',
  'Key Encipherment': 'keyEncipherment',
  'Data Encipherment': 'dataEncipherment',
  'Key Agreement': 'keyAgreement',
  'Certificate Sign': 'keyCertSign',
  'CRL Sign': 'cRLSign',
  'Encipher Only': 'encipherOnly',
  'Decipher Only': 'decipherOnly',
  'TLS Web Server Authentication': 'serverAuth',
  'TLS Web Client Authentication': 'clientAuth',
  'Code Signing': 'codeSigning',
  'E-mail Protection': 'emailProtection',
  'Time Stamping': 'timeStamping',
  'OCSP Signing': 'OCSPSigning',
  'Any Extended Key Usage': 'anyExtendedKeyUsage',
  'IPSec End System': 'ipsecEndSystem',
  'IPSec Tunnel': 'ipsecTunnel',
  'IPSec User': 'ipsecUser',
  'Microsoft Server Gated Crypto': 'msSGC',
  'Netscape Server Gated Crypto': 'nsSGC',
  'Microsoft Encrypted File System': 'msEFS',
  'Microsoft Smartcard Login': 'msSmartcardLogin',
  'Key Compromise': 'keyCompromise',
  'CA Compromise': 'cACompromise',
  'Affiliation Changed': 'affiliationChanged',
  Superseded: 'superseded',
  'Cessation Of Operation': 'cessationOfOperation',
  'Certificate Hold': 'certificateHold',
  'Privilege Withdrawn': 'privilegeWithdrawn',
  'AA Compromise': 'aACompromise',
};
/** Headers whose value is a comma-separated list of such words (or words we print as OpenSSL does). */
const WORD_LISTS = new Set(['X509v3 Key Usage', 'X509v3 Extended Key Usage', 'Netscape Cert Type', 'TLS Feature']);

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface OsslExt {
  header: string;
  critical: boolean;
  value: string;
}

/** The extensions of each certificate (or CRL) in `openssl ... -text` output, in order. */
function opensslExtensions(text: string, startRe: RegExp): OsslExt[][] {
  const out: OsslExt[][] = [];
  for (const chunk of text.split(startRe).slice(1)) {
    const lines = chunk.split('\n');
    const exts: OsslExt[] = [];
    let inExt = false;
    let indent = 0;
    for (const line of lines) {
      const m = /^( *)(X509v3 extensions|CRL extensions|Request extensions):\s*$/.exec(line);
      if (m) {
        inExt = true;
        indent = m[1]!.length + 4;
        continue;
      }
      if (!inExt) continue;
      if (line.trim() === '') continue;
      const lead = line.length - line.trimStart().length;
      // The section ends at the next field of the structure; a dump of an unknown extension's
      // bytes may hold a newline of its own, so a less indented line alone does not end it.
      if (/^ {0,8}(Signature Algorithm|Signature Value|Revoked Certificates|No Revoked Certificates)\b/.test(line)) {
        inExt = false;
        continue;
      }
      const h = lead === indent ? /^(.*?):( critical)?\s*$/.exec(line.trim()) : null;
      if (h) exts.push({ header: h[1]!, critical: !!h[2], value: '' });
      else if (exts.length) exts[exts.length - 1]!.value += line.trim() + '\n';
    }
    out.push(exts);
  }
  return out;
}

const isoOf = (mon: string, day: string, hms: string, frac: string | undefined, year: string) =>
  `${year}-${String(MONTHS.indexOf(mon) + 1).padStart(2, '0')}-${day.padStart(2, '0')}T${hms}${frac ?? ''}Z`;

/** What OpenSSL's value says, as strings that must be found in our lines. */
function facts(e: OsslExt): string[] {
  // OpenSSL wraps long hex over lines ending in ':', and glues some fields to the line before.
  const v = e.value.replace(/:\n/g, ':').replace(/ {4,}/g, '\n');
  const out: string[] = [];
  if (e.header === 'CT Precertificate SCTs') {
    for (const m of v.matchAll(/Log ID\s*:\s*([0-9A-F:]+)/g)) out.push(m[1]!);
    for (const m of v.matchAll(/Timestamp\s*:\s*([A-Z][a-z]{2}) +(\d+) (\d\d:\d\d:\d\d)(\.\d+)? (\d{4}) GMT/g)) out.push(isoOf(m[1]!, m[2]!, m[3]!, m[4] === '.000' ? undefined : m[4], m[5]!));
    return out;
  }
  if (WORD_LISTS.has(e.header)) {
    for (const w of v.trim().split(/,\s*/)) if (w) out.push(WORDS[w] ?? w);
    return out;
  }
  for (const m of v.matchAll(/^(Only Some )?Reasons:\s*\n?(.*)$/gm)) for (const w of m[2]!.split(/,\s*/)) if (w) out.push(WORDS[w] ?? w);
  // OpenSSL 3.0 prints a UPN as `othername:UPN::value`.
  for (const m of v.matchAll(/\b(URI|DNS|email|othername):([^,\n]*)/g)) out.push(`${m[1]}:${m[2]!.trim().replace(/^UPN::/, 'UPN:')}`);
  for (const m of v.matchAll(/\bIP Address:(\d+\.\d+\.\d+\.\d+)/g)) out.push(m[1]!);
  // Names: each attribute, `CN = crl1` → `CN=crl1` (OpenSSL prints C first, we print CN first).
  for (const m of v.matchAll(/\b([A-Za-z]+) = ([^,\n]+)/g)) out.push(`${m[1]}=${m[2]!.trim()}`);
  for (const m of v.matchAll(/(?:[0-9A-F]{2}:){3,}[0-9A-F]{2}/g)) out.push(m[0]);
  for (const m of v.matchAll(/\b\d+\.\d+(?:\.\d+){2,}\b/g)) if (!/^\d+\.\d+\.\d+\.\d+$/.test(m[0]) || !/IP Address/.test(v)) out.push(m[0]);
  for (const m of v.matchAll(/([A-Z][a-z]{2}) +(\d+) (\d\d:\d\d:\d\d)(\.\d+)? (\d{4}) GMT/g)) out.push(isoOf(m[1]!, m[2]!, m[3]!, m[4], m[5]!));
  for (const m of v.matchAll(/\b(CA:(?:TRUE|FALSE)|pathlen:\d+)\b/g)) out.push(m[1]!);
  return out;
}

interface Subject {
  what: string;
  extensions: ExtensionInfo[];
}

function compare(subjects: Subject[], ossl: OsslExt[][]): string[] {
  const gaps: string[] = [];
  expect(ossl.length).toBe(subjects.length);
  subjects.forEach((s, i) => {
    const theirs = ossl[i]!;
    const ours = s.extensions;
    if (theirs.length !== ours.length) {
      gaps.push(`${s.what}: OpenSSL lists ${theirs.length} extensions, we list ${ours.length}`);
      return;
    }
    theirs.forEach((t, k) => {
      const o = ours[k]!;
      const where = `${s.what}: ${t.header} (ours: ${o.name})`;
      if (t.critical !== o.critical) gaps.push(`${where}: critical ${t.critical} vs ${o.critical}`);
      const opensslDecodes = !/^\d+(\.\d+)+$/.test(t.header) && !OPENSSL_DUMPS.has(t.header);
      if (!opensslDecodes) return;
      // An encoding our decoder notes as breaking the DER profile (an empty keyUsage or EKU list)
      // is printed by OpenSSL as whatever its bytes happen to spell ("0.", "..."): no facts to compare.
      if (o.notes && o.notes.length > 0) return;
      if (o.status !== 'decoded') {
        gaps.push(`${where}: OpenSSL decodes it, ours is ${o.status}`);
        return;
      }
      const text = o.lines.join('\n').replace(/ ?= ?/g, '=');
      const lower = text.toLowerCase();
      for (const f of facts(t)) {
        // A byte that is not UTF-8 reaches us from OpenSSL as U+FFFD: it stands for any one character.
        const found = f.includes('\ufffd')
          ? new RegExp(f.toLowerCase().split('\ufffd').map((x) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.'), 'u').test(lower)
          : lower.includes(f.toLowerCase());
        if (!found) gaps.push(`${where}: OpenSSL says "${f}", our lines do not (${JSON.stringify(o.lines).slice(0, 300)})`);
      }
    });
  });
  return gaps;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const n of readdirSync(dir).sort()) {
    const p = path.join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out);
    else out.push(p);
  }
  return out;
}

const pemOf = (label: string, der: Uint8Array) => `-----BEGIN ${label}-----\n${(toBase64(der).match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;

let certs: (Subject & { der: Uint8Array })[] = [];
let crls: (Subject & { der: Uint8Array })[] = [];
let rootCerts: (Subject & { der: Uint8Array })[] = [];
const tmp = mkdtempSync(path.join(tmpdir(), 'facts-ossl-'));

beforeAll(async () => {
  const seen = new Set<string>();
  for (const file of walk(FIXTURES)) {
    if (/\.(sh|json|md)$/.test(file)) continue;
    const r = await parseFile({ name: file, bytes: new Uint8Array(readFileSync(file)) }, { now: AT });
    for (const it of r.items) {
      if ((it.kind !== 'certificate' && it.kind !== 'crl') || seen.has(it.sha256)) continue;
      seen.add(it.sha256);
      const s = { what: `${path.relative(FIXTURES, file)} [${it.source.index}]`, extensions: (it as CertificateItem | CrlItem).extensions, der: it.der };
      (it.kind === 'certificate' ? certs : crls).push(s);
    }
  }
  const roots = await parseFile({ name: 'roots.pem', bytes: new TextEncoder().encode(rootCertificates.join('\n')) }, { now: AT });
  rootCerts = roots.items.filter((i): i is CertificateItem => i.kind === 'certificate').map((c) => ({ what: `Node root ${c.label}`, extensions: c.extensions, der: c.der }));
}, 120_000);

/** `openssl pkcs7 -print_certs -text` over all of them at once: one process, not hundreds. */
function opensslCertText(list: { der: Uint8Array }[], name: string): string {
  const bundle = path.join(tmp, `${name}.pem`);
  writeFileSync(bundle, list.map((c) => pemOf('CERTIFICATE', c.der)).join(''));
  const p7 = execFileSync('openssl', ['crl2pkcs7', '-nocrl', '-certfile', bundle], { maxBuffer: 1 << 28 });
  return execFileSync('openssl', ['pkcs7', '-print_certs', '-text', '-noout'], { input: p7, maxBuffer: 1 << 28, encoding: 'utf8' });
}

describe('decoded extensions agree with openssl -text', () => {
  it('over every certificate in the fixtures', () => {
    expect(certs.length).toBeGreaterThan(60);
    const gaps = compare(certs, opensslExtensions(opensslCertText(certs, 'fixtures'), /^Certificate:$/m));
    expect(gaps).toEqual([]);
  });

  it("over Node's root certificates", () => {
    expect(rootCerts.length).toBeGreaterThan(100);
    const gaps = compare(rootCerts, opensslExtensions(opensslCertText(rootCerts, 'roots'), /^Certificate:$/m));
    expect(gaps).toEqual([]);
  });

  it('over every CRL in the fixtures', () => {
    expect(crls.length).toBeGreaterThan(2);
    const text = crls
      .map((c) => {
        const f = path.join(tmp, 'one.crl');
        writeFileSync(f, c.der);
        return execFileSync('openssl', ['crl', '-inform', 'DER', '-in', f, '-noout', '-text'], { encoding: 'utf8' });
      })
      .join('');
    // CRL-level extensions (the section ends where the revoked entries begin).
    const ossl = opensslExtensions(text, /^Certificate Revocation List \(CRL\):$/m);
    expect(compare(crls, ossl)).toEqual([]);
  });

  it('the facts extractor sees what matters (a relative name, reason flags, a URI)', () => {
    const f = facts({ header: 'X509v3 CRL Distribution Points', critical: false, value: 'Full Name:\nURI:http://a.test/x.crl                Reasons:\nKey Compromise, CA Compromise\nRelative Name:\nCN = crl1\n' });
    expect(f).toEqual(expect.arrayContaining(['URI:http://a.test/x.crl', 'keyCompromise', 'cACompromise', 'CN=crl1']));
  });
});
