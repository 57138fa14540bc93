/**
 * The plain data of a handshake walkthrough: what goes in (parsed items and where they came
 * from) and what comes out (steps a view can render as client ⇄ server lanes, and a verdict).
 * Everything in `HandshakeResult` is JSON: strings, numbers, booleans, arrays, plain objects.
 */
import type { CertificateItem, PrivateKeyItem } from '../types.js';
import type { ChainResult } from '../relations.js';
import type { Profile } from '../relations.js';

/** The chain verifier's profile (`verify --profile`): Web PKI rules or RFC 5280 alone. */
export type TlsProfile = Profile;

/** Where a value came from: a file the user gave and the item's 0-based index in it. */
export interface ItemRef {
  file: string;
  index: number;
}

export interface SourcedCertificate {
  item: CertificateItem;
  from: ItemRef;
}

export interface SourcedKey {
  item: PrivateKeyItem;
  from: ItemRef;
}

/** A trust anchor: its DER, and the file it came from when it is not a system root. */
export interface TrustedCertificate {
  der: Uint8Array;
  from?: ItemRef;
}

export type KeyShareGroup = 'X25519' | 'P-256';

export interface HandshakeInput {
  /** The server's certificates in the order its files give them; the first is what it presents as its own. */
  chain: SourcedCertificate[];
  /** The server's private key. */
  key: SourcedKey;
  /** What the client trusts. */
  trusted: TrustedCertificate[];
  /** The trust store in words, for sentences: `root.crt`, `the system roots (146)`. */
  trustedName: string;
  /** The name the client connects to; default the leaf's first DNS subjectAltName. */
  host?: string;
  /** The IP address the client connects to (instead of a host name). */
  ip?: string;
  /** Mutual TLS: the client's certificates (leaf first) and key. */
  client?: { chain: SourcedCertificate[]; key: SourcedKey };
  /** Whether the server requires a client certificate. Default: true when `client` is given. */
  requireClientCertificate?: boolean;
  /** The CAs the server accepts client certificates from. Default: `trusted`. */
  clientCas?: TrustedCertificate[];
  clientCasName?: string;
  /** Time of the simulated connection (certificate validity). Default: now. */
  at?: Date;
  /** The key exchange group the server picks. Default: X25519. */
  group?: KeyShareGroup;
  /** Verification profile passed to the chain verifier. Default: `webpki`. */
  profile?: TlsProfile;
  /** The application message sent once the keys are in place. */
  message?: string;
}

export type Lane = 'client' | 'server';

export type StepId =
  | 'client_hello'
  | 'server_hello'
  | 'key_agreement'
  | 'handshake_keys'
  | 'certificate_request'
  | 'certificate'
  | 'certificate_validation'
  | 'certificate_verify'
  | 'server_finished'
  | 'client_certificate'
  | 'client_certificate_validation'
  | 'client_certificate_verify'
  | 'client_finished'
  | 'application_data'
  | 'rsa_key_transport';

/** One value a step shows: a random, a public key share, a signature, a derived secret. */
export interface StepValue {
  name: string;
  /** Length in bytes. */
  size: number;
  /** The bytes, lowercase hex (never the bytes of a key file's private key). */
  hex: string;
  /** The file and item the value came from, when it came from one. */
  from?: ItemRef;
  /** A secret of this simulated session (shared secret, traffic key): shown to teach, never reused. */
  secret?: boolean;
}

export interface HandshakeStep {
  id: StepId;
  title: string;
  /** Who acts; `to` is set for a message on the wire. */
  from: Lane | 'both';
  to?: Lane;
  /** Public-key work (lock) or shared-key work (key). */
  crypto: 'asymmetric' | 'symmetric' | 'none';
  protocol: 'TLS 1.3' | 'TLS 1.2';
  status: 'ok' | 'warning' | 'failed';
  /** False for steps a real client or server would not reach, because an earlier step failed. */
  reached: boolean;
  /** What happened, in one or two sentences. */
  summary: string;
  /** What the step proves (or would prove). */
  proves: string;
  /** Further sentences: every failure in words, notes on what browsers do. */
  details: string[];
  values: StepValue[];
  /** Size of the handshake message on the wire, when the step is one. */
  messageSize?: number;
  /** For a failed step: what to change. */
  fix?: string;
}

export type VerdictCode =
  | 'connects'
  | 'key_mismatch'
  | 'key_unusable'
  | 'intermediate_missing'
  | 'untrusted_root'
  | 'wrong_host'
  | 'expired'
  | 'not_yet_valid'
  | 'wrong_order'
  | 'chain_invalid'
  | 'client_certificate_missing'
  | 'client_certificate_invalid'
  | 'client_key_mismatch';

export interface Verdict {
  connects: boolean;
  code: VerdictCode;
  /** "A TLS client that trusts R would connect to this server as H", or what stops it. */
  message: string;
  failedStep?: StepId;
  fix?: string;
}

export interface HandshakeResult {
  /** This is a simulation of the cryptography, not a TLS implementation: said once, for every view. */
  simulation: string;
  verdict: Verdict;
  /** The identity the client checks. */
  target: { type: 'dns' | 'ip'; value: string; defaulted: boolean };
  trustedName: string;
  cipherSuite: string;
  group: KeyShareGroup;
  /** The server's CertificateVerify scheme, when its key can sign in TLS 1.3. */
  signatureScheme?: string;
  steps: HandshakeStep[];
  /** The chain verifier's result for the server's chain (leaf first). */
  chain: ChainResult;
  clientChain?: ChainResult;
}
