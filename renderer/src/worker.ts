/**
 * The parsing Worker: owns every parsed file, so the window never blocks on untrusted bytes
 * and relations are computed where the items already live.
 */
import type { CertificateItem, Item, ParseResult, PrivateKeyItem } from '../../core/types.js';
import { toHex, utf8Encode } from '../../core/bytes.js';
import { loadCore, type CoreApi, type CoreGroup } from './lib/core-api.js';
import { proveWithWebCrypto } from './lib/prove.js';
import { toPkcs8 } from './lib/pkcs8.js';
import type { ConvertJob, Envelope, GenerateRequest, HandshakeReply, HandshakeRequest, ItemRef, ParsedSlice, ProofStep, Relations, Reply, Request, UiBundleFinding, UiChain, UiPair } from './lib/protocol.js';
import type { Profile } from '../../core/relations.js';
import { handshakeInput } from './lib/handshake-input.js';
import type { GenerateResult } from '../../core/generate/types.js';
import { FileStore } from './lib/file-store.js';
import { packBytes } from './lib/pack.js';
import type { Acceptance, OutputFile, WriteOptions } from '../../core/write/types.js';

const scope = self as unknown as { postMessage(m: Reply, transfer?: Transferable[]): void; onmessage: ((e: MessageEvent<Envelope>) => void) | null };
/** Parsed files by id; Clear wipes and empties it (see lib/file-store.ts). */
const store = new FileStore();
let systemRoots: CertificateItem[] = [];

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function itemAt(ref: ItemRef): Item {
  const item = store.get(ref.fileId)?.items[ref.index];
  if (!item) throw new Error('That item is no longer loaded.');
  return item;
}

async function parse(core: CoreApi, name: string, bytes: Uint8Array, passwords: string[]): Promise<ParseResult> {
  if (!core.parseFile) return { name, items: [], errors: [{ code: 'unknown_format', message: 'The file reader is not available in this build yet.' }] };
  try {
    return await core.parseFile({ name, bytes, passwords });
  } catch (e) {
    // parseFile promises never to throw on bad input; if it does, the file still gets a sentence.
    return { name, items: [], errors: [{ code: 'der_invalid', message: `This file could not be read: ${message(e)}` }] };
  }
}

function flatten(): { ref: ItemRef; item: Item }[] {
  const out: { ref: ItemRef; item: Item }[] = [];
  for (const [fileId, r] of store) r.items.forEach((item, index) => out.push({ ref: { fileId, index }, item }));
  return out;
}

async function relations(core: CoreApi, trusted: Set<string>, at: Date, profile: Profile): Promise<Relations> {
  const flat = flatten();
  const unavailable: string[] = [];
  let pairs: UiPair[] = [];
  if (core.findPairs) {
    try {
      const found = await core.findPairs(flat.map((f) => f.item));
      pairs = found
        .filter((p) => p.result.verdict === 'match')
        .map((p) => ({ privateRef: flat[p.privateIndex]!.ref, publicRef: flat[p.publicIndex]!.ref, result: p.result }));
    } catch (e) {
      unavailable.push(`key pairs (${message(e)})`);
    }
  } else unavailable.push('key pairs');

  const paired = new Set(pairs.map((p) => `${p.privateRef.fileId}:${p.privateRef.index}`));
  const lonelyKeys = flat.filter((f) => f.item.kind === 'private-key' && !paired.has(`${f.ref.fileId}:${f.ref.index}`)).map((f) => f.ref);

  const refBySha = new Map<string, ItemRef>();
  const certs: CertificateItem[] = [];
  const anchors: CertificateItem[] = [...systemRoots];
  for (const f of flat) {
    if (f.item.kind !== 'certificate' || refBySha.has(f.item.sha256)) continue;
    refBySha.set(f.item.sha256, f.ref);
    (trusted.has(f.item.sha256) ? anchors : certs).push(f.item);
  }
  let chains: UiChain[] = [];
  if (core.buildChains) {
    if (certs.length > 0) {
      try {
        const results = await core.buildChains(certs, anchors, at, { profile });
        chains = results.map((result) => ({ result, refs: result.chain.map((l) => refBySha.get(l.sha256)) }));
      } catch (e) {
        unavailable.push(`chains (${message(e)})`);
      }
    }
  } else unavailable.push('chains');

  const bundle: UiBundleFinding[] = [];
  if (core.bundleHealth) {
    for (const [fileId, r] of store) {
      if (r.items.length < 2) continue;
      try {
        for (const finding of core.bundleHealth(r.items)) {
          // core's chain_order finding names the right order itself (per bundle: each manifest value).
          bundle.push(finding.code === 'chain_order' ? { fileId, finding, rightOrder: finding.itemIndexes } : { fileId, finding });
        }
      } catch (e) {
        unavailable.push(`bundle checks (${message(e)})`);
      }
    }
  } else unavailable.push('bundle checks');
  return { pairs, chains, bundle, lonelyKeys, unavailable };
}

async function prove(core: CoreApi, privateRef: ItemRef, publicRef: ItemRef): Promise<ProofStep[]> {
  const priv = itemAt(privateRef);
  const pub = itemAt(publicRef);
  if (priv.kind !== 'private-key') throw new Error('The first item is not a private key.');
  const pubName = store.get(publicRef.fileId)?.name ?? 'the other file';
  const steps = await proveWithWebCrypto(priv, pub, pubName);
  if (steps) return steps;
  if (!core.matchPair) return [{ label: 'Prove', ok: false, detail: 'This key type cannot be proven in this build yet.' }];
  const r = await core.matchPair(priv, pub);
  const out: ProofStep[] = [{ label: 'Compared the public halves', ok: r.verdict === 'match', detail: r.message }];
  if (r.proof) {
    out.push({ label: `Signed a random challenge with the private key (${r.proof.algorithm})`, ok: r.proof.signed, detail: r.proof.detail ?? '' });
    out.push({ label: `Checked the signature with the public key from ${pubName}`, ok: r.proof.verified, detail: r.proof.verified ? 'The signature verifies.' : 'The signature does not verify.' });
  }
  return out;
}

/** The walkthrough over loaded items (lib/handshake-input.ts says what is sent and trusted). */
async function handshake(core: CoreApi, req: HandshakeRequest): Promise<HandshakeReply> {
  if (!core.runHandshake) throw new Error('The handshake walkthrough is not available in this build yet.');
  const input = handshakeInput(store, systemRoots, req);
  const result = await core.runHandshake(input);
  return { result, chain: input.chain.map((c) => ({ fileId: c.from.file, index: c.from.index })) };
}

async function generate(core: CoreApi, g: GenerateRequest): Promise<GenerateResult> {
  const key = { algorithm: g.algorithm, bits: g.bits, curve: g.curve, password: g.password || undefined };
  const cert = { ...key, hosts: g.hosts.length ? g.hosts : ['localhost'], commonName: g.commonName || undefined, organization: g.organization || undefined, days: g.days };
  const need = <T>(f: T | undefined, what: string): T => {
    if (!f) throw new Error(`The ${what} generator is not available in this build yet.`);
    return f;
  };
  switch (g.preset) {
    case 'keypair':
      return need(core.generateKeyPair, 'key pair')({ ...key, name: 'keypair' });
    case 'self-signed':
      return need(core.generateSelfSigned, 'certificate')(cert);
    case 'test-pki':
      return need(core.generateTestPki, 'test CA')(cert);
    case 'csr': {
      const item = g.keyRef ? itemAt(g.keyRef) : undefined;
      const pkcs8 = item?.kind === 'private-key' ? toPkcs8(item as PrivateKeyItem) : undefined;
      if (g.keyRef && !pkcs8) throw new Error('That private key is locked or of a form that cannot sign a request.');
      return need(core.generateCsr, 'CSR')(pkcs8 ? { ...cert, privateKeyPkcs8: pkcs8 } : cert);
    }
  }
}

/** A job's items and options as its writer takes them: the items this Worker holds, named for sentences. */
function jobInput(job: ConvertJob): { items: Item[]; opts: WriteOptions } {
  const items = job.refs.map(itemAt);
  const origins = job.refs.map((ref) => {
    const f = store.get(ref.fileId);
    const name = f?.name ?? 'a file';
    return (f?.items.length ?? 0) > 1 ? `item ${ref.index + 1} of ${name}` : name;
  });
  return { items, opts: { ...job.opts, origins } };
}

function convertCheck(core: CoreApi, jobs: ConvertJob[]): Promise<Acceptance[]> {
  return Promise.all(
    jobs.map(async (job): Promise<Acceptance> => {
      const writer = core.writerFor?.(job.format);
      if (!writer) return { ok: false, code: 'unsupported', message: `this build cannot write ${job.format} files yet.` };
      try {
        const { items, opts } = jobInput(job);
        return await writer.accepts(items, opts);
      } catch (e) {
        return { ok: false, code: 'missing', message: message(e) };
      }
    }),
  );
}

/**
 * Runs a writer here, never on the window's thread. Each file's bytes go to the window in a
 * buffer of their own, transferred (see `transfer`), and what the writer made is zeroed: a
 * writer may hand back an item's own DER (a certificate as DER), which stays as it is.
 */
async function convert(core: CoreApi, job: ConvertJob): Promise<OutputFile[]> {
  const writer = core.writerFor?.(job.format);
  if (!writer) throw new Error(`Writing ${job.format} files is not in this build yet.`);
  const { items, opts } = jobInput(job);
  const made = await writer.write(items, opts);
  return made.map((f) => {
    const bytes = f.bytes.slice();
    if (!items.some((it) => it.der.buffer === f.bytes.buffer)) f.bytes.fill(0);
    return { name: f.name, bytes, sensitivity: f.sensitivity };
  });
}

/** What a reply hands over rather than copies: the converted files' bytes leave this Worker. */
function transfer(req: Request, value: unknown): Transferable[] {
  if (req.type !== 'convert') return [];
  return (value as OutputFile[]).map((f) => f.bytes.buffer as ArrayBuffer);
}

const hex = (buf: ArrayBuffer) => toHex(new Uint8Array(buf));

/** Files per joined read: enough to amortise a read's round trip, and several reads at once. */
const JOIN_FILES = 500;
/** Bytes per joined read: large enough to amortize, small enough not to double memory for long. */
const JOIN_BYTES = 4 * 1024 * 1024;
/** Joined reads in flight together: the browser process serves them in parallel. */
const READS_IN_FLIGHT = 4;

/**
 * Reads files as joined Blobs, several at once, and hands out each file as a view into its
 * Blob's buffer: each Blob read is a round trip to the browser process (about half a
 * millisecond per file when read one by one), and each new ArrayBuffer costs tens of
 * microseconds in Chromium; one huge joined read is served slower than a few in parallel.
 */
async function readJoined(files: File[]): Promise<Uint8Array[]> {
  const groups: File[][] = [];
  for (let at = 0; at < files.length; ) {
    const group: File[] = [];
    let size = 0;
    while (at < files.length && (group.length === 0 || (size + files[at]!.size <= JOIN_BYTES && group.length < JOIN_FILES))) {
      const f = files[at++]!;
      group.push(f);
      size += f.size;
    }
    groups.push(group);
  }
  const out: Uint8Array[][] = new Array(groups.length);
  let next = 0;
  const reader = async () => {
    for (let g = next++; g < groups.length; g = next++) {
      const whole = new Uint8Array(await new Blob(groups[g]).arrayBuffer());
      let from = 0;
      out[g] = groups[g]!.map((f) => whole.subarray(from, (from += f.size)));
    }
  };
  await Promise.all(Array.from({ length: Math.min(READS_IN_FLIGHT, groups.length) }, reader));
  return out.flat();
}

/** Files this Worker read, by `read-files` result, until the window releases them (or Clear). */
const reads = new Map<number, Uint8Array[]>();
let nextReadId = 1;
/** Loaded files' bytes by file id, for re-reading with a password; zeroed when forgotten. */
const fileBytes = new Map<string, Uint8Array>();

/**
 * Reads and hashes files here, so the window's thread never waits on arrayBuffer() and never
 * receives the bytes: `parse-many` reads them by reference and keeps them with the file.
 */
async function readFiles(files: File[]): Promise<{ readId: number; sizes: number[]; sha256: string[] }> {
  const epoch = store.epoch;
  const bytes = await readJoined(files);
  const sha256 = await Promise.all(bytes.map(async (b) => hex(await crypto.subtle.digest('SHA-256', b as BufferSource))));
  const readId = nextReadId++;
  // Cleared while reading: keep nothing (the window drops the load too).
  if (store.epoch !== epoch) for (const b of bytes) b.fill(0);
  else reads.set(readId, bytes);
  return { readId, sizes: bytes.map((b) => b.length), sha256 };
}

/** Zeroes and forgets files' bytes (their items are forgotten with them). */
function forgetBytes(fileIds: Iterable<string>): void {
  for (const id of fileIds) {
    fileBytes.get(id)?.fill(0);
    fileBytes.delete(id);
  }
}

/**
 * A certificate as the window gets it: everything it shows. Hex text it never shows (the
 * signature, the names' DER, decoded extensions' raw bytes) stays with this Worker's own item,
 * which chains and bundle checks use: ~1.5 KB less text per certificate for structured clone
 * to copy on both threads. Other kinds go as they are.
 */
function forWindow(item: Item): Item {
  if (item.kind !== 'certificate') return item;
  return {
    ...item,
    signatureHex: '',
    subject: { ...item.subject, derHex: '' },
    issuer: { ...item.issuer, derHex: '' },
    extensions: item.extensions.map((e) => (e.status === 'decoded' ? { ...e, rawHex: '' } : e)),
  };
}

/**
 * Items per streamed message: a few milliseconds of structured clone on the window's thread.
 * A certificate is some thirty objects and three byte arrays to clone: 200 of them took
 * 50–120 ms to receive in a trace on a busy machine, each message a long task of its own.
 */
const SLICE_ITEMS = 50;

/** Parses files one after another, streaming their items in slices as each file is read. */
async function parseMany(core: CoreApi, id: number, req: Extract<Request, { type: 'parse-many' }>, epoch: number): Promise<null> {
  let out: ParsedSlice[] = [];
  let size = 0;
  const send = () => {
    if (out.length) {
      packBytes(out.map((s) => s.items));
      scope.postMessage({ id, partial: out });
    }
    out = [];
    size = 0;
  };
  for (const f of req.files) {
    const bytes = f.bytes ?? (f.read && reads.get(f.read.readId)?.[f.read.index]);
    const result = bytes
      ? await parse(core, f.name, bytes, req.passwords)
      : { name: f.name, items: [], errors: [{ code: 'unknown_format' as const, message: 'This file is no longer available: it was cleared while loading.' }] };
    // Cleared while reading: keep and send nothing more of this request.
    if (!store.add(f.fileId, result, epoch)) break;
    if (bytes) fileBytes.set(f.fileId, bytes);
    const items = result.items;
    for (let at = 0; at === 0 || at < items.length; at += SLICE_ITEMS) {
      const slice = items.slice(at, at + SLICE_ITEMS).map(forWindow);
      const last = at + SLICE_ITEMS >= items.length;
      out.push(last ? { fileId: f.fileId, items: slice, done: { errors: result.errors } } : { fileId: f.fileId, items: slice });
      size += Math.max(1, slice.length);
      if (size >= SLICE_ITEMS) send();
    }
  }
  send();
  return null;
}

/** The core groups a request needs (lib/core-api.ts): reading files and forgetting them need none. */
const NEEDS: Record<Request['type'], CoreGroup[]> = {
  'parse-many': ['read'],
  parse: ['read'],
  'system-roots': ['read'],
  relations: ['relations'],
  prove: ['relations'],
  handshake: ['more'],
  asn1: ['more'],
  generate: ['more'],
  'convert-check': ['more'],
  convert: ['more'],
  'read-files': [],
  'release-read': [],
  forget: [],
  clear: [],
  held: [],
};

/** `parse-many` requests run one after another, in the order they came: the window may send several at once. */
let parsing: Promise<unknown> = Promise.resolve();

async function handle(req: Request, id: number): Promise<unknown> {
  if (req.type === 'parse-many') {
    // The epoch it came under: a Clear after it came (even while it waits its turn) keeps its files out.
    const epoch = store.epoch;
    const run = parsing.then(async () => parseMany(await loadCore('read'), id, req, epoch));
    parsing = run.catch(() => undefined);
    return run;
  }
  const need = NEEDS[req.type];
  const core: CoreApi = need.length ? await loadCore(...need) : {};
  switch (req.type) {
    case 'parse': {
      const bytes = req.bytes ?? fileBytes.get(req.fileId);
      if (!bytes) return { name: req.name, items: [], errors: [] };
      const result = await parse(core, req.name, bytes, req.passwords);
      // A file forgotten or cleared while it was being unlocked stays forgotten.
      return store.replace(req.fileId, result) ? result : { name: req.name, items: [], errors: [] };
    }
    case 'forget':
      store.forget(req.fileIds);
      forgetBytes(req.fileIds);
      return null;
    case 'clear':
      store.clear();
      forgetBytes([...fileBytes.keys()]);
      for (const read of reads.values()) for (const b of read) b.fill(0);
      reads.clear();
      return null;
    case 'release-read':
      reads.delete(req.readId);
      return null;
    case 'held':
      return store.counts();
    case 'system-roots': {
      const roots: CertificateItem[] = [];
      for (const pem of req.pems) {
        const r = await parse(core, 'system root', utf8Encode(pem), []);
        for (const item of r.items) if (item.kind === 'certificate') roots.push(item);
      }
      systemRoots = roots;
      return { count: roots.length };
    }
    case 'relations':
      return relations(core, new Set(req.trusted), new Date(req.at), req.profile ?? 'webpki');
    case 'handshake':
      return handshake(core, req.request);
    case 'asn1':
      if (!core.asn1Tree) return { problem: { code: 'unknown_format', message: 'The ASN.1 viewer is not available in this build yet.' } };
      try {
        return core.asn1Tree(req.der);
      } finally {
        req.der.fill(0); // this Worker's copy (of a private key, perhaps): not needed any more
      }
    case 'prove':
      return prove(core, req.privateRef, req.publicRef);
    case 'generate':
      return generate(core, req.request);
    case 'read-files':
      return readFiles(req.files);
    case 'convert-check':
      return convertCheck(core, req.jobs);
    case 'convert':
      return convert(core, req.job);
  }
}

// Start loading the core now, while the window is idle, rather than on the first drop: the
// readers first, then the relations. The rest (pkijs among it) waits until no request has
// been in flight for a while, so that it never runs on this thread while a drop is read.
void loadCore('read').then(() => loadCore('relations'));
const MORE_AFTER_IDLE_MS = 1500;
let inFlight = 0;
let moreTimer: ReturnType<typeof setTimeout> | undefined;
let moreStarted = false;
function idleSoon(): void {
  if (moreStarted || inFlight > 0) return;
  clearTimeout(moreTimer);
  moreTimer = setTimeout(() => {
    if (inFlight > 0 || moreStarted) return;
    moreStarted = true;
    void loadCore('more');
  }, MORE_AFTER_IDLE_MS);
}
idleSoon();

scope.onmessage = (e) => {
  const { id, request } = e.data;
  inFlight++;
  clearTimeout(moreTimer);
  handle(request, id)
    .then(
      (value) => scope.postMessage({ id, ok: true, value }, transfer(request, value)),
      (err) => scope.postMessage({ id, ok: false, error: message(err) }),
    )
    .finally(() => {
      inFlight--;
      idleSoon();
    });
};
