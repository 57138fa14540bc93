/** Messages between the UI and its parsing Worker (plain data only: structured clone). */
import type { Asn1Node, Item, ParseResult, Problem } from '../../../core/types.js';
import type { BundleFinding, ChainResult, MatchResult, Profile } from '../../../core/relations.js';
import type { HandshakeResult } from '../../../core/tls/types.js';
import type { GenerateResult } from '../../../core/generate/types.js';
import type { HeldCounts } from './file-store.js';
import type { Acceptance, OutputFile, OutputFormat, WriteOptions } from '../../../core/write/types.js';

/** An item by the file it came from and its position in that file. */
export interface ItemRef {
  fileId: string;
  index: number;
}

export interface UiPair {
  privateRef: ItemRef;
  publicRef: ItemRef;
  result: MatchResult;
}

export interface UiChain {
  result: ChainResult;
  /** Parallel to `result.chain`: where each link's certificate is loaded (absent for system roots). */
  refs: (ItemRef | undefined)[];
}

export interface UiBundleFinding {
  fileId: string;
  finding: BundleFinding;
  /** For core's `chain_order` finding: the bundle's certificates in the right order (leaf first), as the file's item indexes. */
  rightOrder?: number[];
}

export interface Relations {
  pairs: UiPair[];
  chains: UiChain[];
  bundle: UiBundleFinding[];
  /** Private keys (and their refs) for which no certificate, CSR or public key was found. */
  lonelyKeys: ItemRef[];
  /** What could not be computed because a core module is missing or failed. */
  unavailable: string[];
}

export interface ProofStep {
  label: string;
  ok: boolean;
  detail: string;
}

/**
 * A handshake walkthrough over loaded items, run in the Worker. The server sends the
 * certificates of `cert`'s file in file order (what a server configured with that file sends);
 * the client trusts the loaded certificates in `trusted` (SHA-256) and the system roots.
 */
export interface HandshakeRequest {
  key: ItemRef;
  cert: ItemRef;
  trusted: string[];
  /** Default: the leaf's first DNS name. */
  host?: string;
  client?: { key: ItemRef; cert: ItemRef };
  /** The server asks for a client certificate (mutual TLS); default: when `client` is given. */
  requireClientCertificate?: boolean;
  profile: Profile;
  at: number;
}

/** The walkthrough, whose values' `from.file` are file ids of this window. */
export interface HandshakeReply {
  result: HandshakeResult;
  /** The server's certificates as sent, in file order. */
  chain: ItemRef[];
}

export type GeneratePreset = 'keypair' | 'self-signed' | 'test-pki' | 'csr';

export interface GenerateRequest {
  preset: GeneratePreset;
  algorithm: 'rsa' | 'ec' | 'ed25519' | 'ed448';
  bits?: number;
  curve?: 'P-256' | 'P-384' | 'P-521';
  hosts: string[];
  commonName?: string;
  organization?: string;
  days?: number;
  password?: string;
  /** For `csr` from a loaded key. */
  keyRef?: ItemRef;
}

/**
 * One writer run (core/write) over loaded items: which items (by ref, in the order the writer
 * gets them), which format, which options. `fileName` and the protection are the window's.
 */
export interface ConvertJob {
  refs: ItemRef[];
  format: OutputFormat;
  opts: Omit<WriteOptions, 'origins'>;
}

export type Request =
  /** Re-reads a file the Worker holds (with a password); a file no longer held stays forgotten. */
  /** Without `bytes`, the Worker reads the copy it holds of that file. */
  | { type: 'parse'; fileId: string; name: string; bytes?: Uint8Array; passwords: string[] }
  /** Each file's bytes, or where the Worker kept them when it read the file (`read-files`). */
  | { type: 'parse-many'; files: { fileId: string; name: string; bytes?: Uint8Array; read?: ReadRef }[]; passwords: string[] }
  /** The window is done with a `read-files` result: the Worker drops its copy. */
  | { type: 'release-read'; readId: number }
  | { type: 'forget'; fileIds: string[] }
  /** Forgets every file, wiping private bytes; reads in flight store nothing afterwards. */
  | { type: 'clear' }
  /** How much the Worker holds, as counts (never bytes): lets tests prove Clear emptied it. */
  | { type: 'held' }
  | { type: 'system-roots'; pems: string[] }
  /** Chains are built under `profile` (default `webpki`): every verdict in the window follows it. */
  | { type: 'relations'; trusted: string[]; at: number; profile?: Profile }
  | { type: 'handshake'; request: HandshakeRequest }
  | { type: 'asn1'; der: Uint8Array }
  | { type: 'prove'; privateRef: ItemRef; publicRef: ItemRef }
  | { type: 'generate'; request: GenerateRequest }
  /** Whether each job's writer accepts its items (and, if so, how secret its output is): no bytes made. */
  | { type: 'convert-check'; jobs: ConvertJob[] }
  /** Runs one writer in the Worker: the files come back transferred, the Worker keeps no copy. */
  | { type: 'convert'; job: ConvertJob }
  /**
   * Dropped or picked files, read (and hashed) in the Worker rather than on the window's thread.
   * The bytes stay in the Worker (until `release-read`, or with the file once parsed): the
   * window gets sizes and hashes only.
   */
  | { type: 'read-files'; files: File[] };

/** A file the Worker read and still holds: `read-files` result `readId`, file `index`. */
export interface ReadRef {
  readId: number;
  index: number;
}

export interface ResponseMap {
  parse: ParseResult;
  'parse-many': null;
  forget: null;
  clear: null;
  held: HeldCounts;
  'system-roots': { count: number };
  relations: Relations;
  handshake: HandshakeReply;
  asn1: { root?: Asn1Node; problem?: Problem };
  prove: ProofStep[];
  generate: GenerateResult;
  'convert-check': Acceptance[];
  convert: OutputFile[];
  'release-read': null;
  'read-files': { readId: number; sizes: number[]; sha256: string[] };
}

/**
 * What `parse-many` streams before its reply: a slice of one file's items, in order; the
 * file's last slice carries its errors. Slices are small so that no single message takes the
 * window long to receive (structured clone runs on the receiving thread).
 */
export interface ParsedSlice {
  fileId: string;
  items: Item[];
  done?: { errors: Problem[] };
}

export type Envelope = { id: number; request: Request };
export type Reply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string }
  | { id: number; partial: ParsedSlice[] };

export type { Item };
