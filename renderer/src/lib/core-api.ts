/**
 * Loads the core modules the Worker needs. They are looked up with `import.meta.glob` so the
 * UI still builds and runs (saying "not available yet") while a module is missing.
 */
import type { Asn1Node, CertificateItem, Item, ParseInput, ParseOptions, ParseResult, Problem } from '../../../core/types.js';
import type { BundleFinding, ChainResult, KeyPair, MatchResult, Profile } from '../../../core/relations.js';
import type { HandshakeInput, HandshakeResult } from '../../../core/tls/types.js';
import type { CertOptions, CsrOptions, GenerateResult, KeyOptions } from '../../../core/generate/types.js';
import type { OutputFormat, Writer } from '../../../core/write/types.js';

export interface CoreApi {
  parseFile?: (input: ParseInput, opts?: ParseOptions) => Promise<ParseResult>;
  asn1Tree?: (der: Uint8Array) => { root?: Asn1Node; problem?: Problem };
  findPairs?: (items: Item[]) => Promise<KeyPair[]>;
  matchPair?: (a: Item, b: Item) => Promise<MatchResult>;
  buildChains?: (certs: CertificateItem[], anchors: CertificateItem[], at: Date, options?: { profile?: Profile }) => Promise<ChainResult[]>;
  runHandshake?: (input: HandshakeInput) => Promise<HandshakeResult>;
  bundleHealth?: (items: Item[]) => BundleFinding[];
  generateKeyPair?: (opts: KeyOptions & { name?: string }) => Promise<GenerateResult>;
  generateSelfSigned?: (opts: CertOptions) => Promise<GenerateResult>;
  generateTestPki?: (opts: CertOptions) => Promise<GenerateResult>;
  generateCsr?: (opts: CsrOptions) => Promise<GenerateResult>;
  /** core/write: the writer of a format, undefined for formats not in this build. */
  writerFor?: (format: OutputFormat) => Writer | undefined;
}

/**
 * The modules in three groups, each loaded when first needed: `read` (the file readers: every
 * drop waits for it), `relations` (pairs, chains, bundle checks: every load ends with them) and
 * `more` (the ASN.1 tree, generators, writers, the handshake: pkijs and most of the bytes).
 * The Worker starts `read`, then `relations`, then `more` at its start, one after another,
 * so that a drop soon after the window opens waits for the readers only, not for the
 * generators' evaluation on the same thread.
 */
const groups = {
  read: import.meta.glob(['../../../core/parse.ts']),
  relations: import.meta.glob(['../../../core/pairs.ts', '../../../core/chain/index.ts', '../../../core/bundle.ts']),
  more: import.meta.glob(['../../../core/asn1tree.ts', '../../../core/generate/index.ts', '../../../core/write/index.ts', '../../../core/tls/index.ts']),
};
export type CoreGroup = keyof typeof groups;
export const CORE_GROUPS = Object.keys(groups) as CoreGroup[];

const loaded = new Map<CoreGroup, Promise<CoreApi>>();

/** The modules of `group` (all of them at once, not one after another), merged into one API. */
function loadGroup(group: CoreGroup): Promise<CoreApi> {
  let p = loaded.get(group);
  if (!p) {
    p = Promise.all(
      Object.values(groups[group]).map((load) =>
        load().then(
          (m) => m as Record<string, unknown>,
          (e: unknown) => {
            console.error('core module failed to load', e);
            return {};
          },
        ),
      ),
    ).then((parts) => Object.assign({}, ...parts) as CoreApi);
    loaded.set(group, p);
  }
  return p;
}

/** The core with the groups named (default: all) loaded, as one API. */
export async function loadCore(...need: CoreGroup[]): Promise<CoreApi> {
  const parts = await Promise.all((need.length ? need : CORE_GROUPS).map(loadGroup));
  return Object.assign({}, ...parts) as CoreApi;
}
