/**
 * `pem-inspector generate PRESET ...`: writes generated files under their conventional names,
 * all or nothing (safe-write.ts): a refusal or a failure half-way leaves the folder as it was.
 */
import {
  generateCsr,
  generateKeyPair,
  generateSelfSigned,
  generateTestPki,
  GenerateError,
  type CertOptions,
  type GenerateResult,
  type KeyAlgorithmChoice,
  type KeyOptions,
} from '../core/generate/index.js';
import { parseArgs, UsageError, type ParsedArgs } from './args.js';
import { loadFile } from './files.js';
import { SafeWriteError, writeOutputFiles } from './safe-write.js';
import { visibleText } from '../core/visible-text.js';

export const GENERATE_HELP = `pem-inspector generate keypair     [key options] [--name NAME] --out DIR [--force]
pem-inspector generate self-signed [key options] [--host NAME_OR_IP]... [--cn NAME] [--days N] [--pem-names] --out DIR [--force]
pem-inspector generate test-pki    [key options] [--host NAME_OR_IP]... [--cn NAME] [--days N] [--pem-names] --out DIR [--force]
pem-inspector generate csr         [--key FILE [--password PW] | key options] [--host NAME_OR_IP]... [--cn NAME] --out DIR [--force]

  Make sample keys, certificates, requests and whole test CAs under their conventional names:
    keypair      NAME.key, NAME.pub.pem, NAME.pub (OpenSSH; not for Ed448)   NAME: keypair
    self-signed  server.crt, server.key
    test-pki     ca.crt, ca.key, intermediate.crt, intermediate.key, server.crt, server.key,
                 client.crt, client.key, fullchain.pem (server, then intermediate)
    csr          server.csr (and server.key when it makes the key)

  Key options:
    --algorithm A     rsa, ec (default), ed25519 or ed448
    --bits N          RSA size: 2048 (default), 3072 or 4096
    --curve C         EC curve: P-256 (default), P-384 or P-521
    --password PW     encrypt private keys (PKCS#8, AES-256-CBC, PBKDF2-SHA-256);
                      with csr --key: the password of that key file (asked for when
                      it is needed and stdin is a terminal)
    --password-file FILE, --password-env VAR
                      the same password read from FILE (one trailing line break dropped)
                      or from the environment variable VAR: unlike --password, not
                      visible to other users in the process list or in shell history
    --traditional     write RSA keys as PKCS#1 and EC keys as SEC1 instead of PKCS#8
  Certificate options:
    --host NAME_OR_IP DNS name or IP address for the certificate (repeat; default localhost)
    --cn NAME         subject common name (default: the first host)
    --days N          leaf validity in days (default 397)
    --pem-names       name files server.pem / server-key.pem, ca.pem / ca-key.pem, ...
  --key FILE          (csr) make the request for this existing private key
  --out DIR           where to write (created when missing)
  --force             replace existing files (without it, nothing is overwritten)

  Private keys are written with mode 0600 from the moment they exist. All files are written
  or none: each goes to a temporary file beside its target and is renamed into place, and a
  symbolic link at a target is replaced, never followed.
  Exit: 0 files written, 1 generation or writing failed (nothing changed), 2 usage error,
  an existing file, or an unusable --key.
`;

const PRESETS = ['keypair', 'self-signed', 'test-pki', 'csr'] as const;
type Preset = (typeof PRESETS)[number];

const KEY_OPTIONS = ['algorithm', 'bits', 'curve', 'password'];
const CERT_OPTIONS = ['cn', 'days', 'not-before'];
const SPECS: Record<Preset, { flags: string[]; single: string[]; multi: string[] }> = {
  keypair: { flags: ['traditional', 'force'], single: [...KEY_OPTIONS, 'name', 'out'], multi: [] },
  'self-signed': { flags: ['traditional', 'force', 'pem-names'], single: [...KEY_OPTIONS, ...CERT_OPTIONS, 'out'], multi: ['host'] },
  'test-pki': { flags: ['traditional', 'force', 'pem-names'], single: [...KEY_OPTIONS, ...CERT_OPTIONS, 'out'], multi: ['host'] },
  csr: { flags: ['traditional', 'force', 'pem-names'], single: [...KEY_OPTIONS, 'cn', 'key', 'out'], multi: ['host'] },
};

export async function generateCommand(argv: string[]): Promise<number> {
  try {
    return await run(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`pem-inspector generate: ${visibleText(e.message)}\n(see 'pem-inspector generate --help')\n`);
      return 2;
    }
    if (e instanceof SafeWriteError) {
      // An existing file without --force is the user's to decide (2); a failed write is not (1).
      process.stderr.write(`pem-inspector generate: ${e.code}: ${visibleText(e.message)}\n`);
      return e.code === 'write_failed' ? 1 : 2;
    }
    if (e instanceof GenerateError) {
      process.stderr.write(`pem-inspector generate: ${e.code}: ${visibleText(e.message)}\n`);
      return 2;
    }
    process.stderr.write(`pem-inspector generate: generation failed: ${visibleText(e instanceof Error ? e.message : String(e))}\n`);
    return 1;
  }
}

async function run(argv: string[]): Promise<number> {
  const [preset, ...rest] = argv;
  if (preset === undefined || preset === '--help' || preset === '-h') {
    (preset === undefined ? process.stderr : process.stdout).write(GENERATE_HELP);
    return preset === undefined ? 2 : 0;
  }
  if (!(PRESETS as readonly string[]).includes(preset)) {
    throw new UsageError(`unknown preset '${preset}': use keypair, self-signed, test-pki or csr`, 'generate');
  }
  const args = parseArgs(rest, SPECS[preset as Preset], 'generate');
  if (args.help) {
    process.stdout.write(GENERATE_HELP);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument '${args.positionals[0]}'`, 'generate');
  const out = args.single.get('out');
  if (!out) throw new UsageError('--out DIR is required', 'generate');

  const result = await generate(preset as Preset, args);
  await writeOutputFiles(out, result.files, { force: args.flags.has('force') });
  printSummary(out, result);
  return 0;
}

async function generate(preset: Preset, args: ParsedArgs): Promise<GenerateResult> {
  const key = keyOptions(args, preset === 'csr' && args.single.has('key'));
  if (preset === 'keypair') {
    const name = args.single.get('name');
    return generateKeyPair({ ...key, ...(name !== undefined ? { name } : {}) });
  }
  const cert: CertOptions = { ...key, hosts: args.multi.get('host') ?? [], naming: args.flags.has('pem-names') ? 'pem' : 'crt' };
  const cn = args.single.get('cn');
  if (cn !== undefined) cert.commonName = cn;
  const days = args.single.get('days');
  if (days !== undefined) cert.days = integer('days', days);
  const notBefore = args.single.get('not-before');
  if (notBefore !== undefined) {
    const at = new Date(notBefore);
    if (Number.isNaN(at.getTime())) throw new UsageError(`--not-before '${notBefore}' is not an ISO-8601 time`, 'generate');
    cert.now = at;
  }
  if (preset === 'self-signed') return generateSelfSigned(cert);
  if (preset === 'test-pki') return generateTestPki(cert);
  const keyFile = args.single.get('key');
  if (keyFile === undefined) return generateCsr(cert);
  return generateCsr({ ...cert, privateKeyPkcs8: await loadPrivateKey(keyFile, args.single.get('password')) });
}

function keyOptions(args: ParsedArgs, existingKey: boolean): KeyOptions {
  if (existingKey) {
    for (const o of ['algorithm', 'bits', 'curve']) {
      if (args.single.has(o)) throw new UsageError(`--${o} makes a new key: it cannot be combined with --key`, 'generate');
    }
    if (args.flags.has('traditional')) throw new UsageError('--traditional makes a new key: it cannot be combined with --key', 'generate');
    return { algorithm: 'ec' };
  }
  const algorithm = (args.single.get('algorithm') ?? 'ec').toLowerCase();
  if (!['rsa', 'ec', 'ed25519', 'ed448'].includes(algorithm)) {
    throw new UsageError(`unknown algorithm '${algorithm}': use rsa, ec, ed25519 or ed448`, 'generate');
  }
  const opts: KeyOptions = { algorithm: algorithm as KeyAlgorithmChoice };
  const bits = args.single.get('bits');
  if (bits !== undefined) opts.bits = integer('bits', bits);
  const curve = args.single.get('curve');
  if (curve !== undefined) opts.curve = curve.toUpperCase() as KeyOptions['curve'];
  const password = args.single.get('password');
  if (password !== undefined) {
    if (password === '') throw new UsageError('--password must not be empty', 'generate');
    opts.password = password;
  }
  if (args.flags.has('traditional')) opts.keyFormat = 'traditional';
  return opts;
}

/**
 * The PKCS#8 DER of the first private key in `path`, opened with `password` when it is locked
 * (or with one asked for at the terminal: loadFile).
 */
async function loadPrivateKey(path: string, password: string | undefined): Promise<Uint8Array> {
  const loaded = await loadFile(path, password !== undefined ? [password] : []);
  if (!loaded.ok) throw new GenerateError('invalid_option', loaded.message);
  const parsed = loaded.result;
  const keys = parsed.items.filter((i) => i.kind === 'private-key');
  const open = keys.find((k) => !k.encrypted);
  if (open) return open.der;
  const why = parsed.errors.find((e) => e.code === 'password_wrong' || e.code === 'password_required');
  if (why?.code === 'password_wrong') throw new GenerateError('invalid_option', `${path}: the password is wrong.`);
  if (keys.length > 0 || why) throw new GenerateError('invalid_option', `${path} is encrypted: give its password with --password.`);
  const first = parsed.errors[0];
  throw new GenerateError('invalid_option', `${path} holds no private key${first ? ` (${first.message})` : ''}.`);
}

function integer(name: string, text: string): number {
  if (!/^\d+$/.test(text)) throw new UsageError(`--${name} needs a whole number, not '${text}'`, 'generate');
  return Number(text);
}

function printSummary(out: string, result: GenerateResult): void {
  const width = Math.max(...result.files.map((f) => f.name.length));
  const lines = result.files.map(
    (f) => `  ${f.name.padEnd(width)}  ${f.sensitivity === 'private' ? 'PRIVATE' : 'public '}  ${f.description}`,
  );
  const count = result.files.length === 1 ? '1 file' : `${result.files.length} files`;
  const notes = (result.notes ?? []).map((n) => `note: ${n}`);
  process.stdout.write([`Wrote ${count} to ${visibleText(out)}:`, ...lines, ...notes].join('\n') + '\n');
}
