/**
 * The fuzz harness: feeds inputs to the core's entry points and checks the contract every one
 * must keep with hostile bytes. No exception or rejection escapes, every call returns within
 * its time limit, every problem carries a known code and a sentence, and the heap stays bounded.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { asn1Tree } from '../../core/asn1tree.js';
import { buildChains, verifyChain } from '../../core/chain/index.js';
import { findPairs } from '../../core/pairs.js';
import { parseFile } from '../../core/parse.js';
import type { CertificateItem, ErrorCode, Item, ParseResult, Problem } from '../../core/types.js';
import type { Sample } from './mutators.js';
import { EXPLICIT_UNLOCK_MS } from '../../core/keys/putty-kdf.js';

export const PASSWORD = 'test-password';
export const CALL_LIMIT_MS = 1000;
export const HEAP_LIMIT_BYTES = 1024 * 1024 * 1024;

export const ERROR_CODES = [
  'empty',
  'pem_armor_mismatch',
  'base64_invalid',
  'der_invalid',
  'unknown_format',
  'password_required',
  'password_wrong',
  'unsupported_algorithm',
  'too_large',
  'limit_exceeded',
] as const satisfies readonly ErrorCode[];
// Fails to compile when core/types.ts gains a code this list lacks.
const exhaustive: Exclude<ErrorCode, (typeof ERROR_CODES)[number]> extends never ? true : never = true;
void exhaustive;
const CODES = new Set<string>(ERROR_CODES);

/** Details that show a reader bug the entry point caught (contract kept, but worth a look). */
const MASKED = /Cannot read propert|is not a function|is not iterable|undefined|Maximum call stack|Invalid array length|out of memory|RangeError|TypeError|Offset is outside/i;

export type ViolationKind = 'threw' | 'slow' | 'bad-problem' | 'heap' | 'bad-result';

export interface Violation {
  kind: ViolationKind;
  call: string;
  detail: string;
}

export interface CaseReport {
  violations: Violation[];
  /** Problems whose detail looks like a caught programming error. */
  masked: Problem[];
  /** Slowest call in this case. */
  slowest: { call: string; ms: number };
  items: number;
}

export const FIXTURE_ROOT = join(import.meta.dirname, '..', 'fixtures', 'files');
/**
 * Seed folders of the newer formats, read beside FIXTURE_ROOT (names relative to test/fixtures/).
 * PuTTY keys with PuTTYgen's default Argon2 costs are left out: each try of the password costs
 * about a second by design, which would make the short run long without finding more.
 */
const EXTRA_SEEDS = [join(import.meta.dirname, '..', 'fixtures', 'keyfmt', 'ppk'), join(import.meta.dirname, '..', 'fixtures', 'keyfmt', 'jwk')];
const SKIPPED_SEEDS = /default-argon2id\.ppk$/;

/**
 * Seeds of the "formats" area (keystores, manifests, kubeconfigs, wrapped text; named
 * `formats/...`): its own fixture folder, without the plain PEM sources the main corpus covers.
 */
export const FORMATS_SEED_ROOT = join(import.meta.dirname, '..', 'fixtures', 'formats', 'files');
const FORMATS_SEED_DIRS = ['jks', 'kubernetes', 'kubeadm', 'wrapped', 'broken'];

export function loadFixtures(root = FIXTURE_ROOT): Sample[] {
  const out: Sample[] = [];
  if (root === FIXTURE_ROOT) {
    for (const d of FORMATS_SEED_DIRS) {
      for (const n of readdirSync(join(FORMATS_SEED_ROOT, d)).sort()) {
        const p = join(FORMATS_SEED_ROOT, d, n);
        if (statSync(p).isFile()) out.push({ name: `formats/${d}/${n}`, bytes: new Uint8Array(readFileSync(p)) });
      }
    }
  }
  const walk = (dir: string, base = root) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p, base);
      else if (!SKIPPED_SEEDS.test(p)) out.push({ name: relative(base, p), bytes: new Uint8Array(readFileSync(p)) });
    }
  };
  walk(root);
  if (root === FIXTURE_ROOT) for (const extra of EXTRA_SEEDS) walk(extra, join(FIXTURE_ROOT, '..'));
  return out;
}

function describe(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}\n${(e.stack ?? '').split('\n').slice(1, 6).join('\n')}`;
  return `non-Error thrown: ${String(e)}`;
}

export class Recorder {
  violations: Violation[] = [];
  masked: Problem[] = [];
  slowest = { call: '', ms: 0 };

  async time<T>(call: string, run: () => Promise<T> | T, limit = CALL_LIMIT_MS): Promise<T | undefined> {
    const t0 = performance.now();
    try {
      return await run();
    } catch (e) {
      this.violations.push({ kind: 'threw', call, detail: describe(e) });
      return undefined;
    } finally {
      const ms = performance.now() - t0;
      if (ms > this.slowest.ms) this.slowest = { call, ms };
      if (ms > limit) this.violations.push({ kind: 'slow', call, detail: `${ms.toFixed(0)} ms > ${limit} ms` });
    }
  }

  problem(call: string, p: unknown) {
    const ok = typeof p === 'object' && p !== null && CODES.has((p as Problem).code) && typeof (p as Problem).message === 'string' && (p as Problem).message.trim() !== '';
    if (!ok) this.violations.push({ kind: 'bad-problem', call, detail: JSON.stringify(p)?.slice(0, 300) ?? String(p) });
    else if ((p as Problem).detail && MASKED.test((p as Problem).detail!)) this.masked.push(p as Problem);
  }
}

function checkResult(rec: Recorder, call: string, r: ParseResult | undefined) {
  if (!r) return;
  if (!Array.isArray(r.items) || !Array.isArray(r.errors)) {
    rec.violations.push({ kind: 'bad-result', call, detail: 'items or errors is not an array' });
    return;
  }
  for (const p of r.errors) rec.problem(call, p);
  for (const it of r.items) for (const w of it.warnings ?? []) rec.problem(`${call} warning`, w);
}

export interface CaseOptions {
  /** Also run findPairs / asn1Tree / buildChains over the items (default true). */
  relations?: boolean;
  limitMs?: number;
}

/**
 * How much longer than `limitMs` a parse with a password may take: a PuTTY key's Argon2 and an
 * OpenSSH key's bcrypt costs are honoured for a password the user gave, up to
 * EXPLICIT_UNLOCK_MS a try (issue 13: explicit unlocks are the user's choice; beyond that the
 * file is refused as hostile before any work).
 */
function unlockAllowanceMs(bytes: Uint8Array): number {
  const at = bytes[0] === 0xef ? 3 : 0;
  if (new TextDecoder().decode(bytes.subarray(at, at + 20)) === 'PuTTY-User-Key-File-') return EXPLICIT_UNLOCK_MS;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).includes('-----BEGIN OPENSSH PRIVATE KEY-----') ? EXPLICIT_UNLOCK_MS : 0;
}

/** Runs one input through every entry point, without and with the password. */
export async function runCase(name: string, bytes: Uint8Array, opts: CaseOptions = {}): Promise<CaseReport> {
  const rec = new Recorder();
  const limit = opts.limitMs ?? CALL_LIMIT_MS;
  const now = new Date(Date.UTC(2030, 0, 1));
  let items: Item[] = [];
  for (const passwords of [[], [PASSWORD]]) {
    const call = `parseFile(${passwords.length ? 'password' : 'no password'})`;
    const r = await rec.time(call, () => parseFile({ name, bytes, passwords }, { now }), passwords.length ? limit + unlockAllowanceMs(bytes) : limit);
    checkResult(rec, call, r);
    if (r && r.items.length >= items.length) items = r.items;
  }
  if (opts.relations !== false && items.length) {
    await rec.time('findPairs', () => findPairs(items), limit);
    for (const it of items.slice(0, 50)) {
      const t = await rec.time('asn1Tree', () => asn1Tree(it.der), limit);
      if (t?.problem) rec.problem('asn1Tree', t.problem);
    }
    const certs = items.filter((i): i is CertificateItem => i.kind === 'certificate');
    if (certs.length) await rec.time('buildChains', () => buildChains(certs, [], now), limit);
  }
  const heap = process.memoryUsage().heapUsed;
  if (heap > HEAP_LIMIT_BYTES) rec.violations.push({ kind: 'heap', call: 'after case', detail: `heapUsed ${(heap / 2 ** 20).toFixed(0)} MiB` });
  return { violations: rec.violations, masked: rec.masked, slowest: rec.slowest, items: items.length };
}

/** verifyChain over a certificate set (leaf first), as the CLI's `verify` would. */
export async function runChainCase(certs: Uint8Array[], trusted: Uint8Array[], limit = CALL_LIMIT_MS): Promise<CaseReport> {
  const rec = new Recorder();
  const at = new Date(Date.UTC(2030, 0, 1));
  const r = await rec.time('verifyChain', () => verifyChain(certs[0]!, { trusted, untrusted: certs.slice(1), crls: [], at, purpose: 'server', host: 'leaf.example.test' }), limit);
  if (r && (!Array.isArray(r.issues) || (!r.valid && r.issues.length === 0))) {
    rec.violations.push({ kind: 'bad-result', call: 'verifyChain', detail: 'invalid chain without an issue' });
  }
  return { violations: rec.violations, masked: rec.masked, slowest: rec.slowest, items: certs.length };
}

export function formatViolations(label: string, v: Violation[]): string {
  return v.map((x) => `${label}: ${x.kind} in ${x.call}: ${x.detail}`).join('\n');
}
