// The JWK/PuTTY fixture manifest (test/fixtures/keyfmt/manifest.json, written by
// make-keyfmt.py from what OpenSSL, puttygen and python's cryptography say) and the comparison
// of parsed items with it, shared by jwk-fixtures.test.ts and putty-fixtures.test.ts.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { parseFile } from '../../core/parse.js';
import type { Item, ParseResult } from '../../core/types.js';

export const KEYFMT = new URL('../fixtures/keyfmt/', import.meta.url).pathname;

/** What one item must be. Fields present are required facts; absent ones are not asserted. */
export interface KeyfmtItem {
  kind: string;
  sensitivity: string;
  encrypted: boolean;
  algorithm?: string;
  bits?: number;
  curve?: string;
  container?: string;
  format?: string;
  comment?: string;
  location?: string;
  /** OpenSSL's SHA-256 of the key's SubjectPublicKeyInfo DER. */
  spkiSha256?: string;
  /** OpenSSL's SHA-256 of the key's PKCS#8 (`openssl pkcs8 -topk8 -nocrypt -outform DER`): the item's `sha256`. */
  pkcs8Sha256?: string;
  /** SHA-256 of a certificate's DER. */
  sha256?: string;
  thumbprint?: string;
  kid?: string;
  use?: string;
  alg?: string;
  /** The codes of the reader's own findings (jwk_*, ppk_*), exactly. */
  findings?: string[];
}

export interface KeyfmtEntry {
  path: string;
  key?: string;
  password?: string;
  items: KeyfmtItem[];
  errors?: string[];
  itemsWithPassword?: KeyfmtItem[];
  errorsWithPassword?: string[];
}

export interface KeyfmtManifest {
  password: string;
  files: KeyfmtEntry[];
  keys: Record<string, { pem: string; pub: string; spkiSha256: string; pkcs8Sha256: string }>;
}

export const manifest: KeyfmtManifest = JSON.parse(readFileSync(KEYFMT + 'manifest.json', 'utf8'));

export const bytesOf = (path: string) => new Uint8Array(readFileSync(KEYFMT + path));

export function read(path: string, passwords: string[] = []): Promise<ParseResult> {
  return parseFile({ name: path, bytes: bytesOf(path), passwords });
}

/** The item's facts in the manifest's vocabulary, limited to the fields `want` states. */
function shape(i: Item, want: KeyfmtItem): Record<string, unknown> {
  const k = i as Item & { algorithm?: string; bits?: number; curve?: string; comment?: string; publicKey?: { algorithm: string; bits?: number; curve?: string; spkiSha256: string } };
  const got: Record<string, unknown> = {
    kind: i.kind,
    sensitivity: i.sensitivity,
    encrypted: i.encrypted,
    algorithm: k.kind === 'certificate' ? k.publicKey?.algorithm : (k.publicKey?.algorithm ?? k.algorithm),
    bits: k.publicKey?.bits ?? k.bits,
    curve: k.publicKey?.curve ?? k.curve,
    container: i.container,
    format: i.format,
    comment: k.comment,
    location: i.location,
    spkiSha256: k.publicKey?.spkiSha256,
    pkcs8Sha256: i.kind === 'private-key' ? i.sha256 : undefined,
    sha256: i.sha256,
    thumbprint: i.jwk?.thumbprint,
    kid: i.jwk?.kid,
    use: i.jwk?.use,
    alg: i.jwk?.alg,
    findings: i.findings.map((f) => f.code).filter((c) => /^(jwk|ppk)_/.test(c)),
  };
  return Object.fromEntries(Object.keys(want).map((f) => [f, got[f]]));
}

export function expectItems(got: Item[], want: KeyfmtItem[]): void {
  expect(got.map((g, n) => shape(g, want[n] ?? ({} as KeyfmtItem)))).toEqual(want);
  expect(got).toHaveLength(want.length);
}

export function expectErrors(r: ParseResult, codes: string[] | undefined): void {
  expect(r.errors.map((e) => e.code)).toEqual(codes ?? []);
  for (const e of r.errors) expect(e.message.trim()).not.toBe('');
}

/** Whether a command runs here; tests that need it say so loudly when it does not. */
export function has(cmd: string, args: string[] = ['--version']): boolean {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return !r.error;
}

/** Python 3 with the `cryptography` package, or undefined. */
export const PYTHON = (() => {
  for (const py of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import cryptography'], { encoding: 'utf8' });
    if (!r.error && r.status === 0) return py;
  }
  return undefined;
})();

/** Skipped tests must not be silent: under CI the missing tool is a failure. */
export function requireTool(ok: boolean, what: string): boolean {
  if (!ok) {
    const msg = `SKIPPED: ${what} is not installed here; the round trips through it did not run`;
    if (process.env.CI === 'true') throw new Error(msg);
    console.warn(`\n⚠ ${msg}\n`);
  }
  return ok;
}
