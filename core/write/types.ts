/**
 * One output type for everything that makes files: `generate`, `convert` and the window's
 * saves. Whether a file is secret (and so written 0600, and never shown or copied without
 * asking) is decided once, by the writer that made its bytes.
 */
import type { Item, Sensitivity } from '../types.js';

export interface OutputFile {
  /** A bare file name (no folder), e.g. `server.key`, `bundle.p12`. */
  name: string;
  bytes: Uint8Array;
  /** `private` when the bytes hold a private or secret key (encrypted or not) or a container that may. */
  sensitivity: Sensitivity;
}

/** The formats `convert` writes (and the window's Export / Convert offers). */
export type OutputFormat = 'pkcs12' | 'pem' | 'der' | 'pkcs8' | 'traditional' | 'openssh' | 'ppk' | 'jwk';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['pkcs12', 'pem', 'der', 'pkcs8', 'traditional', 'openssh', 'ppk', 'jwk'];

/** Plain data, so the window's Worker can take it as it is. */
export interface WriteOptions {
  /** The output file's bare name (e.g. `server.pfx`); the writer uses it as given. */
  fileName: string;
  /** Protect the private material with this password (never empty). */
  password?: string;
  /** Write private material unprotected: it must be asked for, never a default. */
  noPassword?: boolean;
  /** PKCS#12 for old consumers (Windows Server 2016, Java 8, older macOS): 3DES and a SHA-1 MAC. */
  legacy?: boolean;
  /** PKCS#12 friendly name (default: the leaf's CN); the comment of an OpenSSH or PuTTY key. */
  name?: string;
  /** 0-based index into the items of the one the output is about (the item `der` writes, the key or certificate others start from). */
  item?: number;
  /** Per item, how a person would find it (`server.p12 [2]`), for sentences; defaults to `item N`. */
  origins?: string[];
}

/**
 * Why a writer refused: a closed set of codes and one sentence saying what is missing or
 * ambiguous. All but `readback` are the user's to fix (a usage error, exit 2 in the CLI).
 */
export type WriteErrorCode =
  /** Something the format needs is not among the items (no private key, no certificate for it). */
  | 'missing'
  /** More than one item could be meant (two keys, several items for `der`): choose one. */
  | 'ambiguous'
  /** An item is still encrypted: its password is needed first. */
  | 'locked'
  /** The output would hold a private key and neither a password nor "no password" was chosen. */
  | 'password_choice'
  /** The format cannot hold this key or this protection. */
  | 'unsupported'
  /** An option is out of range (an item number that does not exist). */
  | 'invalid_option'
  /** The written bytes did not read back as the items meant (a bug; nothing is written). */
  | 'readback';

export class WriteError extends Error {
  constructor(
    readonly code: WriteErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WriteError';
  }
}

export type Acceptance =
  | { ok: true; /** Sentences about what is left out and why. */ notes: string[]; sensitivity: Sensitivity }
  | { ok: false; code: WriteErrorCode; message: string };

export interface Writer {
  format: OutputFormat;
  /** Whether `items` can be written with `opts`; a refusal says what is missing or ambiguous. Never rejects for bad input. */
  accepts(items: readonly Item[], opts: WriteOptions): Promise<Acceptance>;
  /** The files (normally one), each with its sensitivity decided here. Rejects with a WriteError when `accepts` refuses. */
  write(items: readonly Item[], opts: WriteOptions): Promise<OutputFile[]>;
}
