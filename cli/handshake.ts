/**
 * `pem-inspector handshake --cert FILE --key FILE [--password PW]... [--trusted FILE]...
 *  [--host NAME | --ip ADDR] [--client-cert FILE --client-key FILE] [--verbose] [--json]`
 *
 * Loads the files, runs core/tls's walkthrough, and prints its steps. Exit 0 a client would
 * connect, 1 it would not, 2 usage or input that cannot be read.
 */
import { rootCertificates } from 'node:tls';
import type { CertificateItem, Item, PrivateKeyItem } from '../core/types.js';
import { runHandshake } from '../core/tls/walkthrough.js';
import { visibleText } from '../core/visible-text.js';
import type { HandshakeInput, SourcedCertificate, SourcedKey, TrustedCertificate } from '../core/tls/types.js';
import { parseArgs, UsageError } from './args.js';
import { displayName, loadFile } from './files.js';
import { formatHandshake } from './handshake-format.js';
import { stringify, type Json } from './json.js';
import { styleFor } from './style.js';
import { HELP } from './usage.js';
import { parseIsoTime } from './verify.js';

/** A failure that ends the command with exit 2: the question could not even be asked. */
class CannotAnswer extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const looksLikeIp = (s: string) => IPV4.test(s) || (s.includes(':') && /^[0-9a-f:.]+$/i.test(s));

function pemToDer(pem: string): Uint8Array {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

async function load(path: string, passwords: string[], role: string): Promise<Item[]> {
  const loaded = await loadFile(path, passwords);
  if (!loaded.ok) throw new CannotAnswer(loaded.code, loaded.message);
  const { items, errors } = loaded.result;
  if (items.length === 0) {
    const e = errors[0];
    throw new CannotAnswer(e?.code ?? 'empty', `${role} ${displayName(path)}: ${e?.message ?? 'nothing in it could be read.'}`);
  }
  return items;
}

function locked(items: Item[], path: string, role: string, passwords: string[]): CannotAnswer | undefined {
  if (!items.some((i) => i.encrypted)) return undefined;
  return passwords.length
    ? new CannotAnswer('password_wrong', `${role} ${displayName(path)}: none of the given passwords unlocks it.`)
    : new CannotAnswer('password_required', `${role} ${displayName(path)} is encrypted; give its password with --password.`);
}

async function certificates(path: string, passwords: string[], role: string): Promise<SourcedCertificate[]> {
  const items = await load(path, passwords, role);
  const file = displayName(path);
  const certs = items.flatMap((item, index) => (item.kind === 'certificate' ? [{ item: item as CertificateItem, from: { file, index } }] : []));
  if (certs.length === 0) throw locked(items, path, role, passwords) ?? new CannotAnswer('no_certificate', `${role} ${file} holds no certificate.`);
  return certs;
}

async function privateKey(path: string, passwords: string[], role: string): Promise<SourcedKey> {
  const items = await load(path, passwords, role);
  const index = items.findIndex((i) => i.kind === 'private-key' && !i.encrypted);
  if (index < 0) throw locked(items, path, role, passwords) ?? new CannotAnswer('no_key', `${role} ${displayName(path)} holds no private key.`);
  return { item: items[index] as PrivateKeyItem, from: { file: displayName(path), index } };
}

async function trustedFrom(paths: string[], passwords: string[], role: string): Promise<TrustedCertificate[]> {
  const out: TrustedCertificate[] = [];
  for (const p of paths) for (const c of await certificates(p, passwords, role)) out.push({ der: c.item.der, from: c.from });
  return out;
}

export async function handshakeCommand(argv: string[]): Promise<number> {
  const args = parseArgs(
    argv,
    {
      flags: ['json', 'verbose', 'require-client-cert'],
      single: ['cert', 'key', 'host', 'ip', 'client-cert', 'client-key', 'at'],
      multi: ['trusted', 'client-ca', 'password'],
    },
    'handshake',
  );
  if (args.help) {
    process.stdout.write(HELP.handshake);
    return 0;
  }
  if (args.positionals.length) throw new UsageError(`handshake takes its files as options (--cert FILE --key FILE), not '${args.positionals[0]}'`, 'handshake');
  const certPath = args.single.get('cert');
  const keyPath = args.single.get('key');
  if (!certPath || !keyPath) throw new UsageError('handshake needs --cert FILE and --key FILE (the server’s certificate chain and private key)', 'handshake');
  const clientCertPath = args.single.get('client-cert');
  const clientKeyPath = args.single.get('client-key');
  if (!!clientCertPath !== !!clientKeyPath) throw new UsageError('give --client-cert and --client-key together', 'handshake');
  if (args.single.has('host') && args.single.has('ip')) throw new UsageError('give only one of --host and --ip', 'handshake');
  let host = args.single.get('host');
  let ip = args.single.get('ip');
  // A client asked for https://192.0.2.1/ checks an IP address, not a DNS name.
  if (host !== undefined && looksLikeIp(host)) [ip, host] = [host, undefined];
  if (ip !== undefined && !looksLikeIp(ip)) throw new UsageError(`--ip '${ip}' is not an IP address`, 'handshake');
  let at: Date | undefined;
  const atText = args.single.get('at');
  if (atText !== undefined) {
    at = parseIsoTime(atText);
    if (!at) throw new UsageError(`--at '${atText}' is not an ISO-8601 time (e.g. 2030-01-01 or 2030-01-01T12:00:00Z)`, 'handshake');
  }
  const passwords = args.multi.get('password') ?? [];
  const json = args.flags.has('json');

  try {
    const trustedPaths = args.multi.get('trusted');
    const trusted = trustedPaths ? await trustedFrom(trustedPaths, passwords, '--trusted') : rootCertificates.map((p) => ({ der: pemToDer(p) }));
    const input: HandshakeInput = {
      chain: await certificates(certPath, passwords, '--cert'),
      key: await privateKey(keyPath, passwords, '--key'),
      trusted,
      trustedName: trustedPaths ? trustedPaths.map(displayName).join(', ') : `the system roots (${trusted.length})`,
      ...(host !== undefined ? { host } : {}),
      ...(ip !== undefined ? { ip } : {}),
      ...(at ? { at } : {}),
    };
    if (clientCertPath && clientKeyPath) {
      input.client = { chain: await certificates(clientCertPath, passwords, '--client-cert'), key: await privateKey(clientKeyPath, passwords, '--client-key') };
    }
    if (args.flags.has('require-client-cert')) input.requireClientCertificate = true;
    const clientCaPaths = args.multi.get('client-ca');
    if (clientCaPaths) {
      input.clientCas = await trustedFrom(clientCaPaths, passwords, '--client-ca');
      input.clientCasName = clientCaPaths.map(displayName).join(', ');
    }
    const result = await runHandshake(input);
    if (json) process.stdout.write(stringify(result as unknown as Json));
    else process.stdout.write(formatHandshake(result, styleFor(process.stdout), { verbose: args.flags.has('verbose'), systemRoots: !trustedPaths }));
    return result.verdict.connects ? 0 : 1;
  } catch (e) {
    if (!(e instanceof CannotAnswer)) throw e;
    if (json) process.stdout.write(stringify({ connects: false, error: { code: e.code, message: e.message } }));
    process.stderr.write(`pem-inspector handshake: ${e.code}: ${visibleText(e.message)}\n`);
    return 2;
  }
}
