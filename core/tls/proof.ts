/**
 * CertificateVerify (RFC 8446 §4.4.3) for either side: the key file's private key signs the
 * transcript hash, and the peer verifies with the public key of the certificate that was sent.
 * This is the step where a key that belongs to another certificate fails.
 */
import type { CertificateItem } from '../types.js';
import * as msg from './messages.js';
import { article, describeKey, schemeFor, signWith, verifyWith } from './sign.js';
import type { HandshakeStep, SourcedCertificate, SourcedKey, VerdictCode } from './types.js';
import { makeStep, value } from './step.js';

export interface Proof {
  step: HandshakeStep;
  /** The CertificateVerify message for the transcript (empty signature when none could be made). */
  message: Uint8Array;
  scheme?: string;
  code?: VerdictCode;
}

const name = (c: CertificateItem) => c.subject.text || '(empty subject)';

export async function proofOfPossession(side: 'server' | 'client', key: SourcedKey, cert: SourcedCertificate, transcriptHash: Uint8Array, keyOwner?: CertificateItem): Promise<Proof> {
  const peer: 'server' | 'client' = side === 'server' ? 'client' : 'server';
  const base = {
    id: side === 'server' ? ('certificate_verify' as const) : ('client_certificate_verify' as const),
    title: side === 'server' ? 'CertificateVerify (server)' : 'CertificateVerify (client)',
    from: side,
    to: peer,
    crypto: 'asymmetric' as const,
    proves: `That the ${side} holds the private key of the certificate it sent: only that key can make a signature the certificate’s public key accepts, over this session’s transcript, so it cannot be replayed from another session.`,
  };
  const unusable = (why: string): Proof => {
    const message = msg.certificateVerify(0, new Uint8Array(0));
    return {
      message,
      code: side === 'server' ? 'key_unusable' : 'client_key_mismatch',
      step: makeStep({
        ...base, status: 'failed', messageSize: message.length,
        summary: `The ${side} cannot sign its CertificateVerify: ${why}.`,
        fix: `Use ${side === 'server' ? 'a server' : 'a client'} key TLS 1.3 can sign with (RSA of 2048 bits or more, ECDSA P-256 or P-384, Ed25519), with a certificate for it.`,
        values: [],
      }),
    };
  };
  const pub = key.item.publicKey;
  if (key.item.encrypted || !pub) return unusable('the key file is still encrypted');
  const choice = schemeFor(pub);
  if ('unsupported' in choice) return unusable(choice.unsupported);

  const content = msg.certificateVerifyContent(side, transcriptHash);
  let signature: Uint8Array;
  try {
    signature = await signWith(key.item, choice.scheme, content);
  } catch (err) {
    return unusable(err instanceof Error ? err.message : String(err));
  }
  const message = msg.certificateVerify(choice.code, signature);
  const check = await verifyWith(cert.item.publicKey, choice.scheme, content, signature);
  const values = [
    value('transcript hash', transcriptHash),
    value('signed content (64 spaces, context string, 0, transcript hash)', content),
    value(`signature (${choice.scheme}, made with the key file)`, signature, { from: key.from }),
    value(`certificate public key (${describeKey(cert.item.publicKey)})`, cert.item.publicKey.spki, { from: cert.from }),
  ];
  if (check.ok) {
    return {
      message, scheme: choice.scheme,
      step: makeStep({
        ...base, messageSize: message.length, values,
        summary: `The ${side} signs the transcript hash with its private key (${choice.scheme}); the ${peer} verifies the signature with the public key in ${name(cert.item)}: it matches.`,
      }),
    };
  }
  const fix = keyOwner
    ? `Put ${name(keyOwner)} first in the certificate file, followed by its issuers: the key belongs to it, and a server presents the first certificate as its own.`
    : `Swap the key: use the private key that belongs to ${name(cert.item)} (the one its certificate request was made with), or the certificate issued for this key.`;
  return {
    message, scheme: choice.scheme,
    code: side === 'server' ? (keyOwner ? 'wrong_order' : 'key_mismatch') : 'client_key_mismatch',
    step: makeStep({
      ...base, status: 'failed', messageSize: message.length, values, fix,
      summary: `The ${side}’s signature over the transcript does not verify with the public key in ${name(cert.item)}: ${check.reason}. The key file holds ${article(describeKey(pub))} ${describeKey(pub)} key that is not this certificate’s.`,
      details: side === 'server' ? ['Servers built on OpenSSL (nginx, Apache, HAProxy, Node.js) refuse to start with such a pair (“key values mismatch”).'] : [],
    }),
  };
}
