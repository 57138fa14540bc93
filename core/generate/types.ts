/** Options and results of the generators (plain data: used by the CLI and the UI). */
import type { OutputFile } from '../write/types.js';

export type KeyAlgorithmChoice = 'rsa' | 'ec' | 'ed25519' | 'ed448';

export interface KeyOptions {
  algorithm: KeyAlgorithmChoice;
  /** RSA: 2048 | 3072 | 4096. */
  bits?: number;
  /** EC: P-256 | P-384 | P-521. */
  curve?: 'P-256' | 'P-384' | 'P-521';
  /** Encrypt private keys (PKCS#8 PBES2, AES-256-CBC, PBKDF2-SHA-256). */
  password?: string;
  /** Private key encoding: PKCS#8 (default) or traditional PKCS#1/SEC1 (unencrypted only). */
  keyFormat?: 'pkcs8' | 'traditional';
}

export interface CertOptions extends KeyOptions {
  /** DNS names and IP addresses for the SAN; default ['localhost']. */
  hosts?: string[];
  /** Subject common name; default: first host. */
  commonName?: string;
  organization?: string;
  /** Leaf validity in days; default 397 (≤ 398). */
  days?: number;
  /** File naming: `crt` (server.crt/server.key, default) or `pem` (server.pem/server-key.pem). */
  naming?: 'crt' | 'pem';
  /** Not-before time; default now minus one minute. */
  now?: Date;
}

export interface CsrOptions extends CertOptions {
  /** An existing private key (PKCS#8 DER) to sign the CSR with; when absent a new key is made. */
  privateKeyPkcs8?: Uint8Array;
}

/** One output file (PEM or OpenSSH text as UTF-8): its conventional name, bytes, whether it is secret, and what it is for. */
export interface GeneratedFile extends OutputFile {
  /** One line for people: what this file is for. */
  description: string;
}

export interface GenerateResult {
  files: GeneratedFile[];
  /** Sentences for people about what was left out and why (e.g. no OpenSSH line for Ed448). */
  notes?: string[];
}
