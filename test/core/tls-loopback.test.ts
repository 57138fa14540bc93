/**
 * Honest by construction: for every configuration of test/fixtures/handshake/manifest.json, a
 * real TLS 1.3 handshake between a Node `tls` server and client on 127.0.0.1 (the same files:
 * chain, key, trusted roots, server name, client certificate) decides whether a client connects,
 * and the walkthrough's verdict must say the same. The manifest's expectation is checked too, so a
 * setup where everything fails (or everything succeeds) cannot make the two agree by accident.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { describe, expect, it } from 'vitest';
import { runHandshake } from '../../core/tls/walkthrough.js';
import { handshakeCases, hsFile, walkthroughInput, type HandshakeCase } from './tls-helpers.js';

const pem = (name: string) => readFileSync(hsFile(name), 'utf8');

interface Real {
  connected: boolean;
  /** Why not, from Node/OpenSSL. */
  error?: string;
}

/**
 * One real handshake. Success means the client completed the handshake and then read bytes the
 * server wrote after its own side completed: with TLS 1.3 a client finishes before the server
 * has checked a client certificate, so `secureConnect` alone would be too early.
 */
async function realHandshake(c: HandshakeCase): Promise<Real> {
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

describe('the walkthrough’s verdict equals a real Node TLS 1.3 handshake', () => {
  for (const c of handshakeCases()) {
    it(c.name, async () => {
      const real = await realHandshake(c);
      const walk = await runHandshake(await walkthroughInput(c));
      expect({ connects: walk.verdict.connects, real: real.connected }, `real handshake: ${real.error ?? 'connected'}; walkthrough: ${walk.verdict.message}`).toEqual({ connects: real.connected, real: c.connects });
      expect(walk.verdict.code).toBe(c.code);
      if (!walk.verdict.connects) expect(walk.verdict.fix, 'a failed verdict names a fix').toMatch(/\w/);
      // Whatever the verdict, the cryptography itself ran to the end and agreed on both sides.
      for (const id of ['key_agreement', 'handshake_keys', 'server_finished', 'client_finished', 'application_data'] as const) {
        expect(walk.steps.find((s) => s.id === id)?.status, id).toBe('ok');
      }
    });
  }

  it('the default host is the leaf’s first DNS subjectAltName', async () => {
    const c = handshakeCases().find((x) => !x.host && !x.ip)!;
    const walk = await runHandshake(await walkthroughInput(c));
    expect(walk.target).toEqual({ type: 'dns', value: 'server.handshake.test', defaulted: true });
  });
});
