/** The handshake fixture configurations (test/fixtures/handshake/manifest.json), loaded as walkthrough input and as PEM for Node's tls. */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFile } from '../../core/parse.js';
import type { CertificateItem, PrivateKeyItem } from '../../core/types.js';
import type { HandshakeInput, SourcedCertificate, SourcedKey } from '../../core/tls/types.js';

export const HANDSHAKE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'handshake');
export const hsFile = (name: string) => path.join(HANDSHAKE_DIR, 'files', name);

export interface HandshakeCase {
  name: string;
  cert: string;
  key: string;
  trusted: string[];
  host?: string;
  ip?: string;
  clientCert?: string;
  clientKey?: string;
  requireClientCert?: boolean;
  connects: boolean;
  code: string;
}

export function handshakeCases(): HandshakeCase[] {
  return (JSON.parse(readFileSync(path.join(HANDSHAKE_DIR, 'manifest.json'), 'utf8')) as { cases: HandshakeCase[] }).cases;
}

export async function certificatesOf(name: string): Promise<SourcedCertificate[]> {
  const r = await parseFile({ name, bytes: readFileSync(hsFile(name)) });
  return r.items.flatMap((item, index) => (item.kind === 'certificate' ? [{ item: item as CertificateItem, from: { file: name, index } }] : []));
}

export async function keyOf(name: string): Promise<SourcedKey> {
  const r = await parseFile({ name, bytes: readFileSync(hsFile(name)) });
  const index = r.items.findIndex((i) => i.kind === 'private-key');
  if (index < 0) throw new Error(`${name} holds no private key`);
  return { item: r.items[index] as PrivateKeyItem, from: { file: name, index } };
}

export async function walkthroughInput(c: HandshakeCase): Promise<HandshakeInput> {
  const trusted = (await Promise.all(c.trusted.map(certificatesOf))).flat().map((t) => ({ der: t.item.der, from: t.from }));
  const input: HandshakeInput = { chain: await certificatesOf(c.cert), key: await keyOf(c.key), trusted, trustedName: c.trusted.join(', ') };
  if (c.host) input.host = c.host;
  if (c.ip) input.ip = c.ip;
  if (c.clientCert && c.clientKey) input.client = { chain: await certificatesOf(c.clientCert), key: await keyOf(c.clientKey) };
  if (c.requireClientCert) input.requireClientCertificate = true;
  return input;
}


export interface Real {
  connected: boolean;
  /** Why not, from Node/OpenSSL. */
  error?: string;
}

/**
 * One real handshake. Success means the client completed the handshake and then read bytes the
 * server wrote after its own side completed: with TLS 1.3 a client finishes before the server
 * has checked a client certificate, so `secureConnect` alone would be too early.
 */
export async function realHandshake(c: HandshakeCase, dir = path.join(HANDSHAKE_DIR, 'files')): Promise<Real> {
  const pem = (name: string) => readFileSync(path.join(dir, name), 'utf8');
  const ca = c.trusted.map(pem);
  let server: tls.Server;
  try {
    server = tls.createServer({
      cert: pem(c.cert),
      key: pem(c.key),
      minVersion: 'TLSv1.3',
      ...(c.requireClientCert ? { requestCert: true, rejectUnauthorized: true, ca } : {}),
    });
  } catch (e) {
    return { connected: false, error: `server refuses its files: ${(e as Error).message}` };
  }
  server.on('secureConnection', (socket) => socket.end('hello from the server'));
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dnsName = c.ip ? undefined : (c.host ?? 'server.handshake.test');
  try {
    return await new Promise<Real>((resolve) => {
      let socket: tls.TLSSocket;
      try {
        socket = tls.connect({
          host: '127.0.0.1',
          port,
          ca,
          minVersion: 'TLSv1.3',
          ...(dnsName ? { servername: dnsName } : { checkServerIdentity: (_host: string, cert: tls.PeerCertificate) => tls.checkServerIdentity(c.ip!, cert) }),
          ...(c.clientCert && c.clientKey ? { cert: pem(c.clientCert), key: pem(c.clientKey) } : {}),
        });
      } catch (e) {
        resolve({ connected: false, error: `client refuses its files: ${(e as Error).message}` });
        return;
      }
      let data = '';
      let error: string | undefined;
      socket.on('data', (d: Buffer) => (data += d.toString()));
      socket.on('error', (e) => (error ??= e.message));
      socket.on('close', () => resolve(data === 'hello from the server' ? { connected: true } : { connected: false, error: error ?? 'closed without data' }));
    });
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

