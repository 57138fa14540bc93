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

const modules = import.meta.glob([
  '../../../core/parse.ts',
  '../../../core/asn1tree.ts',
  '../../../core/pairs.ts',
  '../../../core/chain/index.ts',
  '../../../core/bundle.ts',
  '../../../core/generate/index.ts',
  '../../../core/write/index.ts',
  '../../../core/tls/index.ts',
]);

let loaded: Promise<CoreApi> | undefined;

export function loadCore(): Promise<CoreApi> {
  // All modules at once: one after another, the first file waited for every module in turn.
  loaded ??= Promise.all(
    Object.values(modules).map((load) =>
      load().then(
        (m) => m as Record<string, unknown>,
        (e: unknown) => {
          console.error('core module failed to load', e);
          return {};
        },
      ),
    ),
  ).then((parts) => Object.assign({}, ...parts) as CoreApi);
  return loaded;
}
