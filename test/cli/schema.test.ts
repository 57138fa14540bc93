/**
 * The published JSON contract (docs/*.schema.json, draft 2020-12) against what the CLI prints:
 * `inspect --json` over EVERY file under test/fixtures (plain, with the fixtures' password,
 * single-threaded and with the worker pool, as files and as a folder), `match --json` and
 * `verify --json` over every fixture file too and over the chain cases. Every field printed
 * must be described by the schema, and the schema's enumerations must equal the vocabulary in
 * core/types.ts, core/relations.ts and the CLI (read from the TypeScript source), so a value
 * added on one side without the other fails here.
 */
import { within } from '../wall-clock.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { matchCommand } from '../../cli/match.js';
import { verifyCommand } from '../../cli/verify.js';
import { ensureBuilt, ROOT, run } from './helpers.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = { $defs: Record<string, { enum?: string[]; properties?: Record<string, unknown> }>; properties?: Record<string, unknown> };

const DOCS = path.join(ROOT, 'docs');
const FIXTURE_ROOT = path.join(ROOT, 'test', 'fixtures');
const schemaText = (name: string) => JSON.parse(readFileSync(path.join(DOCS, `${name}.schema.json`), 'utf8')) as Schema & Record<string, unknown>;
const schemas = { inspect: schemaText('inspect'), match: schemaText('match'), verify: schemaText('verify') };
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
const validators = Object.fromEntries(Object.entries(schemas).map(([k, s]) => [k, ajv.compile(s)])) as Record<keyof typeof schemas, ValidateFunction>;

/** Every file under test/fixtures (dot-files, scripts and manifests included), sorted. */
function allFixtures(dir = FIXTURE_ROOT): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = path.join(dir, n);
      return statSync(p).isDirectory() ? allFixtures(p) : [p];
    });
}
const fixtures = allFixtures();
const PW = (JSON.parse(readFileSync(path.join(FIXTURE_ROOT, 'manifest.json'), 'utf8')) as { password: string }).password;

function expectValid(kind: keyof typeof schemas, doc: unknown, what: string): void {
  const ok = validators[kind](doc);
  expect(ok ? [] : validators[kind].errors!.slice(0, 5).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`), what).toEqual([]);
}

/** Every property name used at each level of `doc`, by a path of parent names (array levels skipped). */
function fieldsOf(doc: Json, at: string, out: Map<string, Set<string>>): void {
  if (Array.isArray(doc)) for (const v of doc) fieldsOf(v, at, out);
  else if (doc !== null && typeof doc === 'object') {
    const set = out.get(at) ?? new Set<string>();
    out.set(at, set);
    for (const [k, v] of Object.entries(doc)) {
      set.add(k);
      fieldsOf(v, `${at}.${k}`, out);
    }
  }
}

let tmp: string;
beforeAll(() => {
  ensureBuilt();
  tmp = mkdtempSync(path.join(tmpdir(), 'pem-schema-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('the schemas', () => {
  it('are valid draft 2020-12 schemas (compiled in strict mode) and linked from the README', () => {
    for (const s of Object.values(schemas)) expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    for (const name of Object.keys(schemas)) expect(readme).toContain(`(docs/${name}.schema.json)`);
  });

  it('describe the DESIGN.md contract for items', () => {
    const item = schemas.inspect.$defs.item!.properties!;
    for (const field of ['kind', 'sensitivity', 'encrypted', 'format', 'algorithm', 'bits', 'curve', 'subject', 'issuer', 'serial', 'notBefore', 'notAfter', 'sha256', 'spkiSha256', 'container', 'location', 'findings']) {
      expect(item, field).toHaveProperty(field);
    }
  });
});

describe('inspect --json over every fixture file', () => {
  it('finds them all (more than 250 files in every folder of test/fixtures)', () => {
    expect(fixtures.length).toBeGreaterThan(250);
  });

  const runs: { name: string; args: () => string[]; env?: Record<string, string> }[] = [
    { name: 'plain, worker pool', args: () => fixtures, env: { PEM_INSPECTOR_THREADS: '2' } },
    { name: 'with the password, single-threaded', args: () => ['--password', PW, ...fixtures], env: { PEM_INSPECTOR_THREADS: '1' } },
    { name: 'the folder itself', args: () => [FIXTURE_ROOT] },
  ];
  const seen = new Map<string, Set<string>>();
  it.each(runs)('$name: valid, one entry per file', ({ args, env }) => {
    // Every fixture (over 700 files), keys unlocked one after another: about 9 s on a quiet
    // machine single-threaded (PEM_INSPECTOR_THREADS=1), so ten times that (test/wall-clock.ts).
    const r = run(['inspect', '--json', ...args()], { env, timeoutMs: within(10_000) });
    expect([0, 1]).toContain(r.code);
    const doc = JSON.parse(r.stdout) as { files: unknown[] };
    expectValid('inspect', doc, 'inspect --json');
    expect(doc.files.length).toBe(fixtures.length);
    fieldsOf(doc as Json, '', seen);
  });

  it('the command line\'s own errors and skips are valid too', () => {
    const dir = mkdtempSync(path.join(tmp, 'odd-'));
    expect(spawnSync('mkfifo', [path.join(dir, 'fifo')]).status).toBe(0);
    const r = run(['inspect', '--json', dir, '/dev/null', path.join(tmp, 'missing.pem')]);
    const doc = JSON.parse(r.stdout) as { skipped?: unknown[]; files: { errors: { code: string }[] }[] };
    expectValid('inspect', doc, 'errors');
    expect(doc.files.map((f) => f.errors[0]!.code)).toEqual(['not_regular_file', 'unreadable']);
    expect(doc.skipped).toHaveLength(1);
    fieldsOf(doc as Json, '', seen);
  });

  it('every field printed is described by the schema', () => {
    const described = (def: { properties?: Record<string, unknown> } | undefined) => new Set(Object.keys(def?.properties ?? {}));
    const d = schemas.inspect.$defs;
    const table: [string, Set<string>, boolean?][] = [
      ['', described(schemas.inspect)],
      ['.files', described(d.file)],
      ['.files.errors', described(d.problem)],
      ['.skipped', described(d.skipped)],
      ['.files.items', described(d.item)],
      ['.files.items.findings', described(d.finding)],
      // (No fixture has a reading warning today: checked whenever one does.)
      ['.files.items.warnings', described(d.problem), false],
      ['.files.items.extensions', described(d.extension)],
      ['.files.items.subjectAttributes', described(d.nameAttribute)],
      ['.files.items.issuerAttributes', described(d.nameAttribute)],
    ];
    for (const [at, want, mustOccur = true] of table) {
      const printed = [...(seen.get(at) ?? [])];
      if (mustOccur) expect(printed.length, `nothing printed at ${at}`).toBeGreaterThan(0);
      expect(printed.filter((k) => !want.has(k)), `undescribed at ${at}`).toEqual([]);
    }
  });
});

/** Runs a command in-process (as main.ts would), capturing its stdout. */
let stdout = '';
beforeEach(() => {
  stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => vi.restoreAllMocks());

const fx = (rel: string) => path.join(FIXTURE_ROOT, rel);

describe('match --json', () => {
  it('every fixture file against a key, and against a locked key, is valid', async () => {
    const fields = new Map<string, Set<string>>();
    const verdicts = new Set<string>();
    for (const file of fixtures) {
      for (const key of [fx('files/keys/server-ec.key'), fx('files/encrypted/server-rsa-encrypted.key')]) {
        stdout = '';
        const code = await matchCommand(['--json', file, key]);
        const doc = JSON.parse(stdout) as { verdict: string };
        expectValid('match', doc, `match ${file}`);
        expect([0, 1, 2]).toContain(code);
        verdicts.add(doc.verdict);
        fieldsOf(doc as Json, '', fields);
      }
    }
    // The answers cover a pair, a mismatch and a question that cannot be asked.
    expect([...verdicts]).toEqual(expect.arrayContaining(['match', 'different_key', 'different_algorithm', 'error']));
    const d = schemas.match.$defs;
    const answer = new Set([...Object.keys(d.answer!.properties!), ...Object.keys(d.cannotAnswer!.properties!)]);
    expect([...fields.get('')!].filter((k) => !answer.has(k))).toEqual([]);
  }, 600_000);

  it('pairs of the manifest, with passwords, are valid', async () => {
    const manifest = JSON.parse(readFileSync(fx('manifest.json'), 'utf8')) as { files: { path: string; pairWith?: string[] }[] };
    let pairs = 0;
    for (const f of manifest.files) {
      for (const other of f.pairWith ?? []) {
        stdout = '';
        await matchCommand(['--json', '--password', PW, fx(`files/${other}`), fx(`files/${f.path}`)]);
        expectValid('match', JSON.parse(stdout), `match ${other} ${f.path}`);
        pairs++;
      }
    }
    expect(pairs).toBeGreaterThan(10);
  }, 600_000);
});

describe('verify --json', () => {
  const chainFile = (n: string) => fx(`chains/out/${n}.pem`);
  it('every fixture file as LEAF is valid', async () => {
    const fields = new Map<string, Set<string>>();
    const answers = new Set<string>();
    for (const file of fixtures) {
      stdout = '';
      const code = await verifyCommand([file, '--json', '--trusted', fx('files/certs/root-ca.crt'), '--untrusted', fx('files/certs/intermediate-ca.crt'), '--at', '2030-06-01']);
      const doc = JSON.parse(stdout) as { valid: boolean; error?: unknown };
      expectValid('verify', doc, `verify ${file}`);
      answers.add(doc.error ? 'error' : String(doc.valid));
      expect(code).toBe(doc.error ? 2 : doc.valid ? 0 : 1);
      fieldsOf(doc as Json, '', fields);
    }
    expect([...answers].sort()).toEqual(['error', 'false', 'true']);
    const d = schemas.verify.$defs;
    const top = new Set([...Object.keys(d.result!.properties!), ...Object.keys(d.unreadable!.properties!)]);
    expect([...fields.get('')!].filter((k) => !top.has(k))).toEqual([]);
    expect([...fields.get('.chain')!].filter((k) => !(k in d.link!.properties!))).toEqual([]);
    expect([...(fields.get('.issues') ?? [])].filter((k) => !(k in d.issue!.properties!))).toEqual([]);
  }, 600_000);

  it('every chain case is valid', async () => {
    const manifest = JSON.parse(readFileSync(fx('chains/manifest.json'), 'utf8')) as {
      at: string;
      cases: { name: string; leaf: string; trusted: string[]; untrusted: string[]; crls?: string[]; host?: string; ip?: string; email?: string; purpose?: string; maxDepth?: number }[];
    };
    for (const c of manifest.cases) {
      const args = [chainFile(c.leaf), '--json', '--at', manifest.at];
      for (const t of c.trusted) args.push('--trusted', chainFile(t));
      for (const u of c.untrusted) args.push('--untrusted', chainFile(u));
      for (const l of c.crls ?? []) args.push('--crl', chainFile(l));
      if (c.host) args.push('--host', c.host);
      if (c.ip) args.push('--ip', c.ip);
      if (c.email) args.push('--email', c.email);
      if (c.purpose) args.push('--purpose', c.purpose);
      if (c.maxDepth !== undefined) args.push('--max-depth', String(c.maxDepth));
      stdout = '';
      await verifyCommand(args);
      expectValid('verify', JSON.parse(stdout), c.name);
    }
    expect(manifest.cases.length).toBeGreaterThan(50);
  }, 600_000);
});

/** The string literals of `type NAME = 'a' | 'b' | ...` in a TypeScript source file. */
function unionOf(file: string, name: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  for (const st of source.statements) {
    if (ts.isTypeAliasDeclaration(st) && st.name.text === name) {
      const types = ts.isUnionTypeNode(st.type) ? st.type.types : [st.type];
      return types.map((t) => {
        if (ts.isLiteralTypeNode(t) && ts.isStringLiteral(t.literal)) return t.literal.text;
        throw new Error(`${file}: ${name} has a member that is not a string literal: ${t.getText(source)}`);
      });
    }
  }
  throw new Error(`${file}: no type ${name}`);
}

describe('the schemas and the TypeScript vocabulary stay in step', () => {
  const sorted = (a: string[]) => [...a].sort();
  const table: { schema: keyof typeof schemas; def: string; from: [string, string][]; extra?: string[] }[] = [
    { schema: 'inspect', def: 'kind', from: [['core/types.ts', 'Kind']] },
    { schema: 'inspect', def: 'container', from: [['core/types.ts', 'Container']] },
    { schema: 'inspect', def: 'format', from: [['core/types.ts', 'Format']] },
    { schema: 'inspect', def: 'encoding', from: [['core/types.ts', 'Encoding']] },
    { schema: 'inspect', def: 'sensitivity', from: [['core/types.ts', 'Sensitivity']] },
    { schema: 'inspect', def: 'severity', from: [['core/types.ts', 'Severity']] },
    { schema: 'inspect', def: 'keyAlgorithm', from: [['core/types.ts', 'KeyAlgorithm']], extra: ['unknown'] },
    { schema: 'inspect', def: 'errorCode', from: [['core/types.ts', 'ErrorCode'], ['cli/input.ts', 'ReadFailureCode']] },
    { schema: 'inspect', def: 'skipReason', from: [['cli/walk.ts', 'SkipReason']] },
    { schema: 'match', def: 'verdict', from: [['core/relations.ts', 'MatchVerdict']] },
    { schema: 'verify', def: 'issueCode', from: [['core/relations.ts', 'ChainIssueCode']] },
  ];
  it.each(table)('$schema $def', ({ schema, def, from, extra }) => {
    const want = [...new Set([...from.flatMap(([f, n]) => unionOf(f, n)), ...(extra ?? [])])];
    expect(sorted(schemas[schema].$defs[def]!.enum!)).toEqual(sorted(want));
  });

  it('the public kind in match.schema.json is the same list', () => {
    const pub = (schemas.match.$defs.answer!.properties!.public as { properties: { kind: { enum: string[] } } }).properties.kind.enum;
    expect(sorted(pub)).toEqual(sorted(unionOf('core/types.ts', 'Kind')));
  });
});
