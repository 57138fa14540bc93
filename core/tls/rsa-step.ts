/**
 * For RSA certificates, the key exchange of TLS 1.2 that the HTTPS notes describe, run with the
 * user's own pair: the client encrypts a premaster secret with the certificate's public key,
 * the server decrypts it with the key file's private key.
 */
import { equalBytes } from '../bytes.js';
import { decryptPkcs1, encryptPkcs1, newPremaster, rsaPublic } from './rsa-transport.js';
import { makeStep, value } from './step.js';
import type { HandshakeStep, SourcedCertificate, SourcedKey } from './types.js';

const WHY_DROPPED =
  'TLS 1.3 dropped RSA key transport: it has no forward secrecy (whoever later obtains the server’s key file can decrypt every recorded session), and its PKCS#1 v1.5 padding keeps enabling Bleichenbacher-style attacks (ROBOT, 2017).';

export function rsaKeyTransportStep(key: SourcedKey, cert: SourcedCertificate): HandshakeStep | undefined {
  if (cert.item.publicKey.algorithm !== 'RSA') return undefined;
  let pub: ReturnType<typeof rsaPublic>;
  try {
    pub = rsaPublic(cert.item.publicKey);
  } catch {
    pub = undefined;
  }
  // A certificate whose RSA key cannot be read has already failed its chain checks.
  if (!pub || pub.n < 2n) return undefined;
  const base = {
    id: 'rsa_key_transport' as const, title: 'For comparison: TLS 1.2 RSA key transport', from: 'client' as const, to: 'server' as const,
    crypto: 'asymmetric' as const, protocol: 'TLS 1.2' as const,
    proves: 'Only the holder of the certificate’s private key can recover the premaster secret, so the server proves it holds the key by deriving the same session keys.',
  };
  const premaster = newPremaster();
  let encrypted: Uint8Array;
  try {
    encrypted = encryptPkcs1(pub, premaster);
  } catch (err) {
    return makeStep({ ...base, status: 'failed', summary: `The premaster secret cannot be encrypted with the certificate’s key: ${err instanceof Error ? err.message : String(err)}.`, details: [WHY_DROPPED] });
  }
  const values = [value('premaster secret (client)', premaster, { secret: true }), value('encrypted premaster (RSAES-PKCS1-v1_5 with the certificate’s key)', encrypted, { from: cert.from })];
  const summaryStart = `The client makes a 48-byte premaster secret and encrypts it with the ${pub.bytes * 8}-bit RSA public key in the certificate; `;
  if (key.item.encrypted || key.item.publicKey?.algorithm !== 'RSA') {
    return makeStep({
      ...base, status: 'failed', values, details: [WHY_DROPPED],
      summary: `${summaryStart}the key file holds ${key.item.publicKey ? `an ${key.item.publicKey.algorithm} key` : 'a locked key'}, which cannot decrypt it.`,
      fix: 'Swap the key: use the RSA private key that belongs to the certificate.',
    });
  }
  let outcome: ReturnType<typeof decryptPkcs1>;
  try {
    outcome = decryptPkcs1(key.item.der, encrypted);
  } catch (err) {
    outcome = { ok: false, reason: `the private key cannot be read (${err instanceof Error ? err.message : String(err)})` };
  }
  if (outcome.ok && equalBytes(outcome.message, premaster)) {
    return makeStep({
      ...base, details: [WHY_DROPPED], values: [...values, value('premaster secret (server, decrypted with the key file)', outcome.message, { secret: true, from: key.from })],
      summary: `${summaryStart}the server decrypts it with the key file’s private key and gets the same secret.`,
    });
  }
  return makeStep({
    ...base, status: 'failed', values, details: [WHY_DROPPED, 'A real TLS 1.2 server hides this failure (it continues with a random premaster, RFC 5246 §7.4.7.1) and the handshake fails at Finished.'],
    summary: `${summaryStart}decrypting it with the key file’s private key ${outcome.ok ? 'gives a different secret' : `fails: ${outcome.reason}`}: the key is not the certificate’s.`,
    fix: 'Swap the key: use the RSA private key that belongs to the certificate.',
  });
}
