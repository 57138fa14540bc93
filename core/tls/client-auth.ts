/**
 * Mutual TLS: the client's Certificate, the server's validation of it against the CAs it
 * accepts client certificates from (purpose clientAuth), and the client's CertificateVerify.
 */
import { verifyChain } from '../chain/build.js';
import type { ChainIssue, ChainResult, VerifyOptions } from '../relations.js';
import { certificateValues } from './chain-steps.js';
import * as msg from './messages.js';
import { proofOfPossession } from './proof.js';
import { makeStep } from './step.js';
import type { HandshakeInput, HandshakeStep, StepId, VerdictCode } from './types.js';

export interface ClientAuth {
  steps: HandshakeStep[];
  codes: Partial<Record<StepId, VerdictCode>>;
  chain?: ChainResult;
}

function clientFix(issue: ChainIssue | undefined, r: ChainResult, casName: string): string {
  switch (issue?.code) {
    case 'no_trusted_root':
      if (r.chain.length === 1 && r.chain[0]!.subject !== r.chain[0]!.issuer) {
        return `Send the client certificate with the intermediate CA that issued it (${r.chain[0]!.issuer}): put it after the client certificate in its file; if that CA is itself a root, make the server accept it (${casName}).`;
      }
      return `Use a client certificate issued by a CA the server accepts (${casName}), or make the server accept the client certificate’s CA.`;
    case 'self_signed_leaf':
      return `Use a client certificate issued by a CA the server accepts (${casName}), or make the server accept the client certificate’s CA.`;
    case 'expired':
    case 'not_yet_valid':
      return `Renew the client certificate: ${issue.message}`;
    case 'ext_key_usage':
    case 'key_usage':
      return `Use a client certificate made for client authentication (extended key usage clientAuth, key usage digitalSignature): ${issue.message}`;
    default:
      return `Fix the client certificate: ${issue?.message ?? 'it does not validate'}`;
  }
}

export async function clientAuthSteps(input: HandshakeInput, at: Date, transcript: Uint8Array[], transcriptHash: () => Promise<Uint8Array>): Promise<ClientAuth> {
  const casName = input.clientCasName ?? input.trustedName;
  if (!input.client || input.client.chain.length === 0) {
    const empty = msg.certificate([]);
    transcript.push(empty);
    return {
      codes: { client_certificate: 'client_certificate_missing' },
      steps: [
        makeStep({
          id: 'client_certificate', title: 'Certificate (client)', from: 'client', to: 'server', crypto: 'none', status: 'failed', messageSize: empty.length,
          summary: 'The client has no certificate, so it sends an empty Certificate message; the server requires one and ends the handshake (alert certificate_required).',
          proves: 'Nothing: the client cannot show who it is.',
          fix: `Give the client a certificate and its key (--client-cert FILE --client-key FILE) issued by a CA the server accepts (${casName}).`,
        }),
      ],
    };
  }
  const { chain, key } = input.client;
  const leaf = chain[0]!;
  const certMsg = msg.certificate(chain.map((c) => c.item.der));
  transcript.push(certMsg);
  const steps: HandshakeStep[] = [
    makeStep({
      id: 'client_certificate', title: 'Certificate (client)', from: 'client', to: 'server', crypto: 'none', messageSize: certMsg.length,
      summary: `The client sends ${chain.length === 1 ? 'its certificate' : `${chain.length} certificates`}: ${chain.map((c) => c.item.subject.text || '(empty subject)').join(' → ')}.`,
      proves: 'Nothing yet: the server must check it, and the client must prove it holds its key.',
      values: certificateValues(chain, 'client certificate'),
    }),
  ];

  const opts: VerifyOptions = {
    trusted: (input.clientCas ?? input.trusted).map((t) => t.der),
    untrusted: chain.slice(1).map((c) => c.item.der),
    crls: [],
    at,
    purpose: 'client',
    profile: input.profile ?? 'webpki',
  };
  const result = await verifyChain(leaf.item.der, opts);
  steps.push(
    makeStep({
      id: 'client_certificate_validation', title: 'Server checks the client’s chain', from: 'server', crypto: 'asymmetric', status: result.valid ? 'ok' : 'failed',
      summary: result.valid
        ? `The client chain ${result.chain.map((l) => l.subject).join(' → ')} is valid for client authentication and ends at a CA the server accepts (${casName}).`
        : `The client certificate is not accepted: ${result.issues[0]?.message ?? 'no chain could be built'}`,
      proves: 'That a CA the server accepts vouches for the client’s certificate: but not yet that the client holds its key.',
      details: [...result.issues.map((i) => i.message), ...(result.hint && !result.hint.startsWith('no trusted certificate is named') ? [`Hint: ${result.hint}`] : [])],
      ...(result.valid ? {} : { fix: clientFix(result.issues[0], result, casName) }),
    }),
  );

  const pop = await proofOfPossession('client', key, leaf, await transcriptHash());
  transcript.push(pop.message);
  steps.push(pop.step);
  return {
    steps,
    chain: result,
    codes: { client_certificate_validation: 'client_certificate_invalid', client_certificate_verify: pop.code ?? 'client_key_mismatch' },
  };
}
