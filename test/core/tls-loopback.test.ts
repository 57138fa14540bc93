/**
 * Honest by construction: for every configuration of test/fixtures/handshake/manifest.json, a
 * real TLS 1.3 handshake between a Node `tls` server and client on 127.0.0.1 (the same files:
 * chain, key, trusted roots, server name, client certificate) decides whether a client connects,
 * and the walkthrough's verdict must say the same. The manifest's expectation is checked too, so a
 * setup where everything fails (or everything succeeds) cannot make the two agree by accident.
 */
import { describe, expect, it } from 'vitest';
import { runHandshake } from '../../core/tls/walkthrough.js';
import { handshakeCases, realHandshake, walkthroughInput } from './tls-helpers.js';

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
