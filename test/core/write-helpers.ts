/**
 * Shared by the writer tests: the convert fixture sets (test/fixtures/convert, made by OpenSSL,
 * ssh-keygen, puttygen, keytool and python cryptography), reading them, and the real tools
 * that judge what we write.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFile } from '../../core/parse.js';
import type { Item } from '../../core/types.js';

export const CONVERT_FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'convert');

export interface FixtureSet {
  algorithm: 'rsa' | 'p256' | 'p384' | 'p521' | 'ed25519' | 'ed448';
  dir: string;
  /** What OpenSSL says: SHA-256 of the key's SPKI DER, of the leaf's DER, and of leaf, intermediate, root. */
  spkiSha256: string;
  leafSha256: string;
  chainSha256: string[];
  /** The input formats made for this key (see make-convert.sh). */
  formats: string[];
}

interface Manifest {
  password: string;
  sets: FixtureSet[];
  other: { spkiSha256: string };
}

export const MANIFEST = JSON.parse(readFileSync(path.join(CONVERT_FIXTURES, 'manifest.json'), 'utf8')) as Manifest;
export const SETS = MANIFEST.sets;
export const PW = MANIFEST.password;

/** The fixture file of each input format, relative to the set's folder. */
export const FORMAT_FILES: Record<string, string> = {
  'pkcs8-pem': 'leaf.key',
  'pkcs8-der': 'leaf.pk8.der',
  'pkcs8-encrypted': 'leaf.enc.key',
  traditional: 'leaf.trad.key',
  'traditional-encrypted': 'leaf.trad-enc.key',
  openssh: 'leaf.openssh',
  'openssh-encrypted': 'leaf.openssh-enc',
  pkcs12: 'leaf.p12',
  'pkcs12-legacy': 'leaf.legacy.p12',
  ppk: 'leaf.ppk',
  jwk: 'leaf.jwk',
  jks: 'leaf.jks',
};

export function fixture(set: FixtureSet | string, name: string): string {
  return path.join(CONVERT_FIXTURES, typeof set === 'string' ? set : set.dir, name);
}

/** Items of the given fixture files, pooled in order. */
export async function itemsOf(files: string[], passwords: string[] = [PW]): Promise<Item[]> {
  const out: Item[] = [];
  for (const f of files) {
    const r = await parseFile({ name: path.basename(f), bytes: new Uint8Array(readFileSync(f)), passwords });
    if (r.errors.length) throw new Error(`${f}: ${r.errors.map((e) => e.message).join('; ')}`);
    out.push(...r.items);
  }
  return out;
}

export function tempDir(prefix = 'pem-write-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function tool(cmd: string, args: string[], opts: { cwd?: string; input?: string | Uint8Array } = {}): ToolRun {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, input: opts.input, encoding: 'utf8', timeout: 60_000 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${cmd} is not installed: this test needs it (see .ci/run)`);
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs a tool that must succeed; its stderr is the failure message. */
export function ok(cmd: string, args: string[], opts: { cwd?: string; input?: string | Uint8Array } = {}): string {
  return succeeded(cmd, args, tool(cmd, args, opts));
}

/** A run's stdout, or its failure (stderr first) as the error. */
function succeeded(cmd: string, args: string[], r: ToolRun): string {
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/**
 * `tool` without blocking: the same command, run while the caller goes on (several checks, or a
 * check and a browser, at once). The same 60 s guard.
 */
export function toolAsync(cmd: string, args: string[], opts: { cwd?: string; input?: string | Uint8Array } = {}): Promise<ToolRun & { stdoutBytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'], timeout: 60_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => reject(e.code === 'ENOENT' ? new Error(`${cmd} is not installed: this test needs it (see .ci/run)`) : e));
    child.on('close', (status) => {
      const stdoutBytes = Buffer.concat(out);
      resolve({ status, stdout: stdoutBytes.toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), stdoutBytes });
    });
    // A tool that exits without reading its input closes the pipe: that is its answer, not ours.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}

/** `ok` without blocking: a tool that must succeed; its stderr is the failure message. */
export async function okAsync(cmd: string, args: string[], opts: { cwd?: string; input?: string | Uint8Array } = {}): Promise<string> {
  return succeeded(cmd, args, await toolAsync(cmd, args, opts));
}

export function writeTemp(dir: string, name: string, bytes: Uint8Array | string): string {
  const p = path.join(dir, name);
  writeFileSync(p, bytes, { mode: 0o600 });
  return p;
}

/** The PEM blocks of a text, label and body, in order. */
export function pemBlocks(text: string): { label: string; text: string }[] {
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----\n[\s\S]*?-----END \1-----\n?/g)].map((m) => ({ label: m[1]!, text: m[0] }));
}

/** SHA-256 of the DER inside a PEM block (a tool's output), hex. */
export function blockSha256(pem: string): string {
  const b64 = pem.replace(/-----[A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');
  return createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex');
}

/** `openssl pkey` arguments that write a key's SPKI as DER (an empty password for clear keys). */
const pkeyToDer = (passin?: string) => ['pkey', '-pubout', '-outform', 'DER', '-passin', `pass:${passin ?? ''}`];

/** SHA-256 of a private or public key's SPKI, as OpenSSL computes it (`passin` for encrypted keys). */
export function opensslSpkiSha256(keyPem: string, passin?: string): string {
  const der = spawnSync('openssl', pkeyToDer(passin), { input: keyPem });
  if (der.status !== 0) throw new Error(`openssl pkey failed: ${der.stderr.toString()}`);
  return ok('sha256sum', [], { input: der.stdout }).split(' ')[0]!;
}

/** `opensslSpkiSha256` without blocking: the same two commands. */
export async function opensslSpkiSha256Async(keyPem: string, passin?: string): Promise<string> {
  const der = await toolAsync('openssl', pkeyToDer(passin), { input: keyPem });
  if (der.status !== 0) throw new Error(`openssl pkey failed: ${der.stderr}`);
  return (await okAsync('sha256sum', [], { input: der.stdoutBytes })).split(' ')[0]!;
}

/**
 * `ssh-keygen -y` of a key file: its public line's type and blob (no comment). The key is copied
 * to a 0600 file first: ssh-keygen refuses private keys others can read, as a checkout leaves them.
 */
export function sshPublic(keyFile: string, passphrase = ''): string {
  const copy = writeTemp(tempDir('pem-ssh-'), 'key', readFileSync(keyFile));
  return ok('ssh-keygen', ['-y', '-P', passphrase, '-f', copy]).trim().split(' ').slice(0, 2).join(' ');
}

/**
 * A python cryptography script: builds keys from the numbers of a private JWK (argv 1) and a
 * public JWK (argv 2) and compares them with OpenSSL's PEM key (argv 3); prints
 * `same private key; same public key; spki <SHA-256 of the SPKI>`.
 */
export const JWK_CHECK = String.raw`
import base64, hashlib, json, sys
from cryptography.hazmat.primitives import serialization as s
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, ed448, rsa
def b(v): return base64.urlsafe_b64decode(v + '=' * (-len(v) % 4))
def i(v): return int.from_bytes(b(v), 'big')
CURVES = {'P-256': ec.SECP256R1(), 'P-384': ec.SECP384R1(), 'P-521': ec.SECP521R1()}
def private(j):
    if j['kty'] == 'RSA':
        pub = rsa.RSAPublicNumbers(i(j['e']), i(j['n']))
        return rsa.RSAPrivateNumbers(i(j['p']), i(j['q']), i(j['d']), i(j['dp']), i(j['dq']), i(j['qi']), pub).private_key()
    if j['kty'] == 'EC':
        pub = ec.EllipticCurvePublicNumbers(i(j['x']), i(j['y']), CURVES[j['crv']])
        return ec.EllipticCurvePrivateNumbers(i(j['d']), pub).private_key()
    return (ed25519.Ed25519PrivateKey if j['crv'] == 'Ed25519' else ed448.Ed448PrivateKey).from_private_bytes(b(j['d']))
def public(j):
    if j['kty'] == 'RSA': return rsa.RSAPublicNumbers(i(j['e']), i(j['n'])).public_key()
    if j['kty'] == 'EC': return ec.EllipticCurvePublicNumbers(i(j['x']), i(j['y']), CURVES[j['crv']]).public_key()
    return (ed25519.Ed25519PublicKey if j['crv'] == 'Ed25519' else ed448.Ed448PublicKey).from_public_bytes(b(j['x']))
priv = private(json.load(open(sys.argv[1])))
pub = public(json.load(open(sys.argv[2])))
ref = s.load_pem_private_key(open(sys.argv[3], 'rb').read(), None)
der = lambda k: k.private_bytes(s.Encoding.DER, s.PrivateFormat.PKCS8, s.NoEncryption())
spki = lambda k: k.public_bytes(s.Encoding.DER, s.PublicFormat.SubjectPublicKeyInfo)
assert der(priv) == der(ref), 'private keys differ'
assert spki(pub) == spki(ref.public_key()), 'public keys differ'
print('same private key; same public key; spki ' + hashlib.sha256(spki(ref.public_key())).hexdigest())
`;
