/** The handshake fixture configurations (test/fixtures/handshake/manifest.json), loaded as walkthrough input and as PEM for Node's tls. */
import { readFileSync } from 'node:fs';
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
