/**
 * A TLS 1.3 handshake walked through with a server's own files: every message is encoded as
 * TLS encodes it, every key share, signature, MAC and record is computed for real (WebCrypto,
 * @noble/curves where WebCrypto lacks a curve), and the client's certificate checks are the
 * project's chain verifier. Client and server each derive their own secrets from their own side
 * of the key exchange, so agreement is shown, not assumed. No socket is opened.
 */
import { concatBytes, equalBytes, utf8Encode } from '../bytes.js';
import { verifyChain } from '../chain/build.js';
import { decodeCertificate } from '../chain/decode.js';
import { parseIp } from '../chain/names.js';
import type { ChainResult, VerifyOptions } from '../relations.js';
import type { CertificateItem } from '../types.js';
import { certificateNotes, certificateOfKey, certificateValues, diagnoseServerChain, dnsNames } from './chain-steps.js';
import { clientAuthSteps } from './client-auth.js';
import { applicationSecrets, finishedVerifyData, handshakeSecrets, sha256, trafficKeys } from './hkdf.js';
import { GROUP_CODES, generateShare, sharedSecret } from './kex.js';
import * as msg from './messages.js';
import { CONTENT, openRecord, sealRecord, sealRecords } from './record.js';
import { rsaKeyTransportStep } from './rsa-step.js';
import { proofOfPossession } from './proof.js';
import { makeStep, value } from './step.js';
import type { HandshakeInput, HandshakeResult, HandshakeStep, StepId, Verdict, VerdictCode } from './types.js';

export const SIMULATION =
  'This is a simulation of the handshake’s cryptography with your own files, run locally (TLS 1.3, TLS_AES_128_GCM_SHA256): ' +
  'the messages, key exchange, signatures, key schedule and encryption are real, but it is not a TLS implementation and opens no connection, ' +
  'and real clients and servers may apply other checks.';

const OFFERED_GROUPS = [0x001d, 0x0017, 0x0018];
/** OpenSSL's default limit on a peer's certificate list (SSL_CTX_set_max_cert_list). */
const MAX_CERT_LIST = 100 * 1024;
/** What one Certificate message can carry (a 24-bit length), with room to spare. */
const MAX_ENCODED_CERTS = 0xff0000;
const OFFERED_SCHEMES = Object.values(msg.SIGNATURE_SCHEMES);

const random = (n: number) => globalThis.crypto.getRandomValues(new Uint8Array(n));

/** The host the client connects to: the given one, else the leaf's first DNS name (then IP, then CN). */
function chooseTarget(input: HandshakeInput): HandshakeResult['target'] {
  if (input.ip) return { type: 'ip', value: input.ip, defaulted: false };
  // https://192.0.2.1/ is checked against IP addresses, never DNS names (RFC 6125 §1.7.2).
  if (input.host) return { type: parseIp(input.host) ? 'ip' : 'dns', value: input.host, defaulted: false };
  const leaf = input.chain[0]!.item;
  for (const e of leaf.extensions) {
    if (e.data?.type !== 'subjectAltName') continue;
    const dns = e.data.names.find((n) => n.type === 'dns');
    if (dns) return { type: 'dns', value: dns.value, defaulted: true };
    const ip = e.data.names.find((n) => n.type === 'ip');
    if (ip) return { type: 'ip', value: ip.value, defaulted: true };
  }
  const cn = leaf.subject.attributes.find((a) => a.oid === '2.5.4.3')?.value;
  return { type: 'dns', value: cn ?? '(no name)', defaulted: true };
}

export async function runHandshake(input: HandshakeInput): Promise<HandshakeResult> {
  if (input.chain.length === 0) throw new TypeError('runHandshake needs at least one server certificate');
  const at = input.at ?? new Date();
  const group = input.group ?? 'X25519';
  const target = chooseTarget(input);
  const leafRef = input.chain[0]!;
  const leaf = leafRef.item;
  const steps: HandshakeStep[] = [];
  const transcript: Uint8Array[] = [];
  const transcriptHash = () => sha256(concatBytes(...transcript));
  const clientAuth = input.requireClientCertificate ?? !!input.client;

  // 1. ClientHello: fresh key shares for two groups, so the server can pick without another round trip.
  const clientShares = { X25519: await generateShare('X25519'), 'P-256': await generateShare('P-256') };
  const clientRandom = random(32);
  const sessionId = random(32);
  const ch = msg.clientHello({
    random: clientRandom,
    sessionId,
    serverName: target.type === 'dns' ? target.value : undefined,
    groups: OFFERED_GROUPS,
    schemes: OFFERED_SCHEMES,
    shares: [{ group: GROUP_CODES.X25519, key: clientShares.X25519.publicRaw }, { group: GROUP_CODES['P-256'], key: clientShares['P-256'].publicRaw }],
  });
  transcript.push(ch);
  steps.push(
    makeStep({
      id: 'client_hello', title: 'ClientHello', from: 'client', to: 'server', crypto: 'asymmetric', messageSize: ch.length,
      summary: `The client asks for a TLS 1.3 session with ${target.value}: a random, the cipher suites, the key exchange groups and signature schemes it accepts, and fresh key shares for X25519 and P-256.`,
      proves: 'Nothing yet: the hello is sent in the clear; its random makes this session’s keys unique.',
      details: [
        `Cipher suites: ${msg.CIPHER_SUITES.map((c) => msg.CIPHER_SUITE_NAMES[c]).join(', ')}.`,
        `Groups: ${OFFERED_GROUPS.map((g) => msg.GROUP_NAMES[g]).join(', ')}.`,
        `Signature schemes: ${OFFERED_SCHEMES.map(msg.schemeName).join(', ')}.`,
        target.type === 'dns' ? `server_name (SNI): ${target.value}.` : 'No server_name: an IP address is not sent as SNI (RFC 6066).',
      ],
      values: [value('client random', clientRandom), value('key_share x25519 (client public key)', clientShares.X25519.publicRaw), value('key_share secp256r1 (client public key)', clientShares['P-256'].publicRaw), value('ClientHello message', ch)],
    }),
  );

  // 2. ServerHello: the server picks the suite and a group, and answers with its own fresh share.
  const serverShare = await generateShare(group);
  const serverRandom = random(32);
  const sh = msg.serverHello(serverRandom, sessionId, msg.TLS_AES_128_GCM_SHA256, { group: GROUP_CODES[group], key: serverShare.publicRaw });
  transcript.push(sh);
  steps.push(
    makeStep({
      id: 'server_hello', title: 'ServerHello', from: 'server', to: 'client', crypto: 'asymmetric', messageSize: sh.length,
      summary: `The server picks TLS_AES_128_GCM_SHA256 and ${group === 'X25519' ? 'x25519' : 'secp256r1'}, and sends its own fresh key share. Everything after this message is encrypted.`,
      proves: 'Nothing about the server’s identity yet: anyone could send this.',
      values: [value('server random', serverRandom), value(`key_share ${group === 'X25519' ? 'x25519' : 'secp256r1'} (server public key)`, serverShare.publicRaw), value('ServerHello message', sh)],
    }),
  );

  // 3. (EC)DHE, computed by each side from its own private key and the other's public share.
  const serverShared = await sharedSecret(serverShare, clientShares[group].publicRaw);
  const clientShared = await sharedSecret(clientShares[group], serverShare.publicRaw);
  const agreed = equalBytes(serverShared, clientShared);
  steps.push(
    makeStep({
      id: 'key_agreement', title: `Key agreement (ECDHE, ${group})`, from: 'both', crypto: 'asymmetric', status: agreed ? 'ok' : 'failed',
      summary: agreed
        ? `Client and server each combine their own ephemeral private key with the other’s public share and arrive at the same ${serverShared.length}-byte secret, which never crossed the wire.`
        : 'Client and server computed different secrets.',
      proves: 'Both sides share a secret an eavesdropper cannot compute. The ephemeral keys are thrown away after the handshake, so a later theft of the server’s key file cannot decrypt this session (forward secrecy). The server’s certificate key plays no part here.',
      values: [value('shared secret (client side)', clientShared, { secret: true }), value('shared secret (server side)', serverShared, { secret: true })],
    }),
  );

  // 4. Key schedule to the handshake traffic keys, on each side.
  const helloHash = await transcriptHash();
  const server = await handshakeSecrets(serverShared, helloHash);
  const client = await handshakeSecrets(clientShared, helloHash);
  const serverHsKeys = await trafficKeys(server.serverHandshakeTraffic);
  const clientHsKeys = await trafficKeys(client.clientHandshakeTraffic);
  steps.push(
    makeStep({
      id: 'handshake_keys', title: 'Key schedule: handshake keys (HKDF)', from: 'both', crypto: 'symmetric',
      summary: 'HKDF-Extract and Derive-Secret turn the shared secret and the hash of the two hellos into one traffic secret per direction, and HKDF-Expand-Label into an AES-128 key and a 12-byte IV for each.',
      proves: 'The keys depend on the whole conversation so far: tampering with a hello would give different keys.',
      values: [
        value('transcript hash (ClientHello..ServerHello)', helloHash),
        value('early secret', server.early, { secret: true }),
        value('handshake secret', server.handshake, { secret: true }),
        value('client handshake traffic secret', server.clientHandshakeTraffic, { secret: true }),
        value('server handshake traffic secret', server.serverHandshakeTraffic, { secret: true }),
        value('server handshake key', serverHsKeys.key, { secret: true }),
        value('server handshake IV', serverHsKeys.iv, { secret: true }),
        value('client handshake key', clientHsKeys.key, { secret: true }),
        value('client handshake IV', clientHsKeys.iv, { secret: true }),
        value('master secret', server.master, { secret: true }),
      ],
    }),
  );

  const flightStart = transcript.length;
  transcript.push(msg.encryptedExtensions());
  if (clientAuth) {
    const cr = msg.certificateRequest(OFFERED_SCHEMES);
    transcript.push(cr);
    steps.push(
      makeStep({
        id: 'certificate_request', title: 'CertificateRequest', from: 'server', to: 'client', crypto: 'none', messageSize: cr.length,
        summary: 'The server asks the client for a certificate (mutual TLS) and lists the signature schemes it accepts.',
        proves: 'Nothing by itself: it announces that the client must prove who it is too.',
        values: [value('CertificateRequest message', cr)],
      }),
    );
  }

  // 5. Certificate: the server's files, in their order.
  const keyIndex = certificateOfKey(input.chain, input.key.item.publicKey?.spkiSha256);
  // A hostile bundle may hold more than a 24-bit length can carry: only what fits is encoded.
  let room = MAX_ENCODED_CERTS;
  const sent = input.chain.filter((c) => (room -= c.item.der.length + 5) >= 0);
  const certMsg = msg.certificate(sent.map((c) => c.item.der));
  transcript.push(certMsg);
  const trustedItems = trustedCertificates(input);
  const notes = certificateNotes(input.chain, trustedItems, keyIndex);
  const tooLong = certMsg.length - 4 > MAX_CERT_LIST;
  if (tooLong) notes.details.unshift(`The certificate list is ${certMsg.length - 4} bytes; clients built on OpenSSL refuse more than ${MAX_CERT_LIST / 1024} KiB (and a handshake this size is slow for everyone).`);
  steps.push(
    makeStep({
      id: 'certificate', title: 'Certificate', from: 'server', to: 'client', crypto: 'none', status: tooLong ? 'failed' : notes.warning ? 'warning' : 'ok', messageSize: certMsg.length,
      ...(tooLong ? { fix: 'Send only the server certificate and the intermediates between it and the root.' } : {}),
      summary: `The server sends ${input.chain.length === 1 ? 'its certificate' : `${input.chain.length} certificates`} in the order of its files: ${input.chain.map((c) => c.item.subject.text || '(empty subject)').join(' → ')}.`,
      proves: 'Nothing yet: a certificate is public, anyone can send it. The client must check it, and the server must prove it holds its key.',
      details: notes.details,
      values: certificateValues(input.chain, 'certificate'),
    }),
  );

  // 6. The client's validation of that chain for the name it connects to.
  const opts: VerifyOptions = {
    trusted: input.trusted.map((t) => t.der),
    untrusted: input.chain.slice(1).map((c) => c.item.der),
    crls: [],
    at,
    purpose: 'server',
    ...(target.type === 'ip' ? { ip: target.value } : { host: target.value }),
    profile: input.profile ?? 'webpki',
  };
  const chainResult = await verifyChain(leaf.der, opts);
  const anchor = chainResult.valid ? chainResult.chain[chainResult.chain.length - 1] : undefined;
  const diagnoses = chainResult.valid ? [] : diagnoseServerChain(chainResult, input.chain, keyIndex, target.value, input.trustedName);
  // RFC 5280 lets any trusted certificate anchor a path; OpenSSL by default wants a self-signed root.
  const partialAnchor = anchor && anchor.subject !== anchor.issuer
    ? `The chain ends at ${anchor.subject}, a trusted certificate that is not a self-signed root. Browsers, Go and rustls accept it as the trust anchor; clients built on OpenSSL (curl, Node.js, Python, Ruby) do not by default and fail with “unable to get issuer certificate”: for them, trust the root that issued it.`
    : undefined;
  steps.push(
    makeStep({
      id: 'certificate_validation', title: `Client checks the chain for ${target.value}`, from: 'client', crypto: 'asymmetric', status: chainResult.valid ? (partialAnchor ? 'warning' : 'ok') : 'failed',
      summary: chainResult.valid
        ? `The chain ${chainResult.chain.map((l) => l.subject).join(' → ')} is valid for ${target.value} and ends at ${anchor?.subject}, which ${input.trustedName} includes.`
        : `The chain is not valid for ${target.value}: ${diagnoses.map((d) => d.reason.replace(/\.$/, '')).join('; ')}.`,
      proves: 'That a CA the client trusts vouches for this certificate, its name and its validity today: but not yet that the server holds the certificate’s private key.',
      details: [...chainResult.issues.map((i) => i.message), ...(chainResult.hint && !chainResult.hint.startsWith('no trusted certificate is named') ? [`Hint: ${chainResult.hint}`] : []), ...(partialAnchor ? [partialAnchor] : [])],
      fix: diagnoses.map((d) => d.fix).join(' ') || undefined,
    }),
  );

  // 7. CertificateVerify: where a key that is not the certificate's fails.
  const cvHash = await transcriptHash();
  const pop = await proofOfPossession('server', input.key, leafRef, cvHash, keyIndex > 0 ? input.chain[keyIndex]!.item : undefined);
  transcript.push(pop.message);
  steps.push(pop.step);

  // 8. Server Finished, and the server's whole flight sealed under its handshake key.
  const sfHash = await transcriptHash();
  const serverVerify = await finishedVerifyData(server.serverHandshakeTraffic, sfHash);
  const clientExpects = await finishedVerifyData(client.serverHandshakeTraffic, sfHash);
  const sFin = msg.finished(serverVerify);
  transcript.push(sFin);
  const flight = concatBytes(...transcript.slice(flightStart));
  const records = await sealRecords(serverHsKeys, 0, CONTENT.handshake, flight);
  const clientReadKeys = await trafficKeys(client.serverHandshakeTraffic);
  const opened = await Promise.all(records.map((r, i) => openRecord(clientReadKeys, i, r)));
  const flightOk = opened.every((o) => o) && equalBytes(concatBytes(...opened.map((o) => o!.content)), flight);
  const finOk = equalBytes(serverVerify, clientExpects) && flightOk;
  steps.push(
    makeStep({
      id: 'server_finished', title: 'Finished (server)', from: 'server', to: 'client', crypto: 'symmetric', status: finOk ? 'ok' : 'failed', messageSize: sFin.length,
      summary: `The server sends an HMAC of the whole transcript under its finished key; the client computes the same value. The server’s messages since ServerHello travelled in ${records.length} AES-128-GCM record${records.length === 1 ? '' : 's'} (${records.reduce((n, r) => n + r.length, 0)} bytes) that the client ${flightOk ? 'decrypted' : 'could not decrypt'}.`,
      proves: 'That both sides saw the same handshake and hold the same keys: nothing was altered in transit.',
      values: [value('transcript hash (through CertificateVerify)', sfHash), value('verify_data', serverVerify, { secret: true }), value('first encrypted handshake record', records[0]!)],
    }),
  );

  // 9. Mutual TLS, when asked for; then the client's Finished.
  const clientSide = clientAuth ? await clientAuthSteps(input, at, transcript, transcriptHash) : undefined;
  if (clientSide) steps.push(...clientSide.steps);
  const cfHash = await transcriptHash();
  const clientVerify = await finishedVerifyData(client.clientHandshakeTraffic, cfHash);
  const serverExpects = await finishedVerifyData(server.clientHandshakeTraffic, cfHash);
  const cFin = msg.finished(clientVerify);
  transcript.push(cFin);
  steps.push(
    makeStep({
      id: 'client_finished', title: 'Finished (client)', from: 'client', to: 'server', crypto: 'symmetric', status: equalBytes(clientVerify, serverExpects) ? 'ok' : 'failed', messageSize: cFin.length,
      summary: 'The client answers with its own HMAC of the transcript, under the client finished key; the server checks it.',
      proves: 'That the client saw the same handshake: the session is now established.',
      values: [value('verify_data', clientVerify, { secret: true })],
    }),
  );

  // 10. Application data under the application traffic keys (from the transcript through the server Finished).
  const appHash = await sha256(concatBytes(...transcript.slice(0, transcript.indexOf(sFin) + 1)));
  const clientApp = await applicationSecrets(client.master, appHash);
  const serverApp = await applicationSecrets(server.master, appHash);
  const clientWrite = await trafficKeys(clientApp.client);
  const serverRead = await trafficKeys(serverApp.client);
  const text = input.message ?? `GET / HTTP/1.1\r\nHost: ${target.value}\r\n\r\n`;
  const plaintext = utf8Encode(text);
  const appRecord = await sealRecord(clientWrite, 0, CONTENT.applicationData, plaintext);
  const received = await openRecord(serverRead, 0, appRecord);
  const appOk = !!received && received.type === CONTENT.applicationData && equalBytes(received.content, plaintext);
  steps.push(
    makeStep({
      id: 'application_data', title: 'Application data (AES-128-GCM)', from: 'client', to: 'server', crypto: 'symmetric', status: appOk ? 'ok' : 'failed',
      summary: `The client encrypts a ${plaintext.length}-byte request with its application key (AES-128-GCM, nonce = IV XOR record number); the server decrypts it with the same key, derived on its side, and the ${appOk ? 'tag verifies' : 'tag does not verify'}.`,
      proves: 'Bulk data is protected by fast symmetric encryption with keys only these two parties have; any change to a record makes its tag fail.',
      values: [value('client application traffic secret', clientApp.client, { secret: true }), value('client application key', clientWrite.key, { secret: true }), value('client application IV', clientWrite.iv, { secret: true }), value('plaintext', plaintext), value('record on the wire', appRecord)],
    }),
  );

  // The TLS 1.2 way, for RSA certificates: for comparison only.
  const rsa = rsaKeyTransportStep(input.key, leafRef);
  if (rsa) steps.push(rsa);

  markUnreached(steps);
  const verdict = decide(input, steps, target.value, anchor?.subject, { certificate_validation: diagnoses[0]?.code, certificate_verify: pop.code, ...clientSide?.codes });
  return {
    simulation: SIMULATION,
    verdict,
    target,
    trustedName: input.trustedName,
    cipherSuite: 'TLS_AES_128_GCM_SHA256',
    group,
    ...(pop.scheme ? { signatureScheme: pop.scheme } : {}),
    steps,
    chain: plainChain(chainResult),
    ...(clientSide?.chain ? { clientChain: plainChain(clientSide.chain) } : {}),
  };
}

function trustedCertificates(input: HandshakeInput): CertificateItem[] {
  const out: CertificateItem[] = [];
  for (const t of input.trusted) {
    try {
      out.push(decodeCertificate(t.der));
    } catch {
      // An unreadable anchor anchors nothing.
    }
  }
  return out;
}

/** A copy without anything but plain data (the verifier's result already is; this keeps it so). */
function plainChain(r: ChainResult): ChainResult {
  return JSON.parse(JSON.stringify(r)) as ChainResult;
}

function markUnreached(steps: HandshakeStep[]): void {
  let failed = false;
  for (const s of steps) {
    if (s.protocol !== 'TLS 1.3') continue;
    if (failed) s.reached = false;
    if (s.status === 'failed') failed = true;
  }
}

function decide(input: HandshakeInput, steps: HandshakeStep[], host: string, anchor: string | undefined, codes: Partial<Record<StepId, VerdictCode | undefined>>): Verdict {
  const trusts = anchor ? `${anchor} (from ${input.trustedName})` : input.trustedName;
  const failed = steps.find((s) => s.status === 'failed' && s.protocol === 'TLS 1.3');
  if (!failed) {
    const mtls = input.client ? `, and the server would accept its client certificate ${input.client.chain[0]!.item.subject.text || '(empty subject)'}` : '';
    const caveat = steps.find((s) => s.id === 'certificate_validation')?.status === 'warning' ? ' (a browser would; an OpenSSL-based client would not, as the chain does not end at a self-signed root)' : '';
    return { connects: true, code: 'connects', message: `A TLS client that trusts ${trusts} would connect to this server as ${host}${mtls}${caveat}.` };
  }
  // Steps of pure cryptography (key agreement, Finished, records) fail only if this code is wrong.
  const code = codes[failed.id] ?? 'chain_invalid';
  // With the wrong certificate first, every later complaint is about that certificate: say the cause.
  const why = code === 'wrong_order' ? steps.find((s) => s.id === 'certificate')?.details[0] ?? failed.summary : failed.summary;
  return { connects: false, code, message: `A TLS client that trusts ${trusts} would not connect to this server as ${host}: ${why}`, failedStep: failed.id, ...(failed.fix ? { fix: failed.fix } : {}) };
}

export { dnsNames };
