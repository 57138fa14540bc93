/**
 * Plain-data results of the relation engines: key pairs and certificate chains.
 * Implemented in `pairs.ts` and `chain/`.
 */
import type { Finding } from './types.js';

export type MatchVerdict =
  | 'match'
  /** Different key algorithms (e.g. RSA vs EC). */
  | 'different_algorithm'
  /** Both EC (or both EdDSA/XDH) but on different curves. */
  | 'different_curve'
  /** Same algorithm and parameters, different key. */
  | 'different_key'
  /** One side is still encrypted, or has no public key we can compare. */
  | 'not_comparable';

export interface MatchResult {
  verdict: MatchVerdict;
  /** One sentence for people. */
  message: string;
  /** For signing keys with verdict `match`: whether a sign-then-verify round trip succeeded. */
  proof?: { signed: boolean; verified: boolean; algorithm: string; detail?: string };
}

/** A pair found in a set of items. Items are referred to by their index in the input array. */
export interface KeyPair {
  privateIndex: number;
  publicIndex: number;
  result: MatchResult;
}

export type ChainIssueCode =
  | 'expired'
  | 'not_yet_valid'
  | 'bad_signature'
  | 'unsupported_signature_algorithm'
  | 'weak_signature_algorithm'
  | 'weak_key'
  | 'name_chaining'
  | 'not_ca'
  | 'path_len_exceeded'
  | 'key_usage'
  | 'ext_key_usage'
  | 'name_constraints'
  | 'unknown_critical_extension'
  | 'aki_ski_mismatch'
  | 'max_depth_exceeded'
  | 'revoked'
  | 'crl_invalid'
  | 'crl_missing'
  | 'hostname_mismatch'
  | 'ip_mismatch'
  | 'email_mismatch'
  | 'no_trusted_root'
  | 'self_signed_leaf'
  | 'policy'
  | 'malformed'
  /** The certificate breaks a rule of the RFC 5280 / Web PKI profile a verifier enforces (criticality, missing AKI/SKI, CA as leaf, CN not in SAN, serial rules). */
  | 'profile'
  /** LEAF's file is a bundle in the wrong order: its first certificate is a CA that issued another certificate of the file. */
  | 'bundle_order'
  | 'work_limit';

/**
 * Which rules decide the verdict. `webpki`: what TLS clients (Chromium, Firefox, Go, rustls)
 * enforce on top of RFC 5280. `rfc5280`: RFC 5280 path validation and RFC 6125/5280 name
 * matching alone. Rules of the other kind are reported as findings, never dropped.
 */
export type Profile = 'webpki' | 'rfc5280';
export const PROFILES: readonly Profile[] = ['webpki', 'rfc5280'];

/** A lint on one certificate of a chain: reported with a severity, never part of the verdict. */
export interface ChainFinding {
  /** Stable rule name: `cn_not_in_san`, `aki_missing`, `bc_not_critical`, `validity_too_long`, ... */
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

/** A candidate issuer path building tried and set aside, with the reason: shown beside the chain, never as it. */
export interface RejectedAlternative {
  /** Index in `chain` of the certificate whose issuer this candidate claimed to be. */
  certIndex: number;
  subject: string;
  sha256: string;
  trusted: boolean;
  code: 'bad_signature' | 'aki_ski_mismatch' | 'unsupported_signature_algorithm' | 'invalid_path';
  message: string;
}

/** One problem, tied to a certificate of the chain (0 = leaf), or -1 for the chain as a whole. */
export interface ChainIssue {
  code: ChainIssueCode;
  certIndex: number;
  message: string;
  /** Issues are the verdict's failures: always `error` (lints are `ChainLink.findings`). Kept for older readers. */
  severity?: 'error' | 'warning';
}

export interface ChainLink {
  subject: string;
  issuer: string;
  /** SHA-256 fingerprint of the certificate DER: how the UI finds the item. */
  sha256: string;
  /** Whether this certificate is a trust anchor (given as trusted or a system root). */
  trusted: boolean;
  /** Per-link status: `ok` when no issue is tied to this certificate. */
  status: 'ok' | 'invalid';
  /** Lints on this certificate under the profile (rules that do not decide the verdict), and its item findings. */
  findings: ChainFinding[];
}

export interface ChainResult {
  /** The rules the verdict was reached under. */
  profile: Profile;
  valid: boolean;
  /** Leaf first, trust anchor (if reached) last. */
  chain: ChainLink[];
  issues: ChainIssue[];
  /** For `no_trusted_root`: the closest candidate anchor and why it failed. */
  hint?: string;
  /** Inputs the verifier set aside without failing the chain (e.g. a CRL too malformed to be a CRL). */
  notes?: string[];
  /** Candidate issuers that were tried and set aside (a same-named certificate whose signature does not fit, ...). */
  rejected: RejectedAlternative[];
}

export type Purpose = 'server' | 'client' | 'any';

export interface VerifyOptions {
  /** Trust anchors (DER certificates). */
  trusted: Uint8Array[];
  /** Extra certificates that may serve as intermediates. */
  untrusted: Uint8Array[];
  /** CRLs (DER). When given, every non-anchor certificate must have a CRL from its issuer. */
  crls: Uint8Array[];
  at: Date;
  host?: string;
  ip?: string;
  email?: string;
  purpose: Purpose;
  /** Default `webpki`. */
  profile?: Profile;
  /** Maximum number of intermediate CA certificates between the leaf and the anchor, self-issued ones not counted (OpenSSL -verify_depth, x509-limbo max_chain_depth). */
  maxDepth?: number;
}

/** Bundle health for a set of items dropped together (order, missing intermediates, duplicates). */
export type BundleFinding = Finding & { itemIndexes: number[] };
