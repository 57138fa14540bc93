/**
 * Everything loaded: files, their items, the selection and the relations between items.
 * Lives only in memory; nothing here is ever persisted (unlocked keys included).
 */
import type { CertificateItem, Item, Problem } from '../../../core/types.js';
import { utf8Encode } from '../../../core/bytes.js';
import { WorkerClient } from '../lib/worker-client.js';
import { nextTask } from '../lib/tasks.js';
import type { ItemRef, ParsedSlice, Relations } from '../lib/protocol.js';
import type { InputFile } from '../lib/io.js';
import { count } from '../lib/format.js';
import { wipeItems } from '../lib/file-store.js';
import { verdicts } from '../lib/trust.js';
import type { ListMode } from '../lib/listing.js';
import type { ChoiceId } from '../lib/convert.js';
import { lockState, openedMore } from '../lib/unlock.js';
import type { Profile } from '../../../core/relations.js';

export type { LoadedFile, Row } from '../lib/model.js';
import type { LoadedFile, Row } from '../lib/model.js';

/**
 * Every step re-derives the whole list, so steps come less often as it grows: a few a second
 * for small loads, about one a second at ten thousand files.
 */
const flushDelay = (files: number) => Math.min(1000, 80 + files / 10);

/** At most this many files, or about this many bytes, per message to the Worker. */
const BATCH_FILES = 250;
const BATCH_BYTES = 4 * 1024 * 1024;
/** Batches sent before the first of them is answered: the Worker takes them in order. */
const BATCHES_IN_FLIGHT = 3;
/** Files of one load taken in per task before they go to the Worker. */
const ADD_SLICE = 2500;

const toHex = (buf: ArrayBuffer) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
const sameRef = (a: ItemRef | null, b: ItemRef | null) => !!a && !!b && a.fileId === b.fileId && a.index === b.index;

/** Overwrites what forgotten files hold in this window: their bytes and their private items' DER. */
function wipeFiles(files: readonly LoadedFile[]): void {
  for (const f of files) {
    f.bytes?.fill(0);
    wipeItems(f.items);
  }
}

function isRootCa(item: Item): item is CertificateItem {
  if (item.kind !== 'certificate' || !item.selfIssued) return false;
  for (const e of item.extensions) if (e.data?.type === 'basicConstraints') return e.data.ca;
  return false;
}

export class Workspace {
  readonly worker = new WorkerClient();
  files = $state.raw<LoadedFile[]>([]);
  selected = $state.raw<ItemRef | null>(null);
  /** The file whose errors are shown when it has no item to select. */
  selectedFileId = $state<string | null>(null);
  filter = $state('');
  busy = $state(false);
  progress = $state.raw({ done: 0, total: 0 });
  relations = $state.raw<Relations | null>(null);
  relationsBusy = $state(false);
  /** SHA-256 of loaded certificates used as trust anchors. */
  trusted = $state.raw<Set<string>>(new Set());
  systemRoots = $state(0);
  notice = $state<string | null>(null);
  /** A sentence for screen readers (unlocks, removals), read once by the live region. */
  announcement = $state('');
  /** Export / Convert asked for from elsewhere than the toolbar (a key pair card's "Make a PFX"). */
  convertFor = $state.raw<{ ref: ItemRef; partner?: ItemRef; start?: ChoiceId } | null>(null);
  /** How the list is ordered, and the "expiring within N days" view. */
  view = $state<ListMode>('file');
  expiringOnly = $state(false);
  expiringDays = $state(30);
  /** The rules every chain verdict in the window is reached under (the toolbar's switch). */
  profile = $state<Profile>('webpki');
  /** The key pair whose handshake walkthrough is shown in place of the details. */
  handshake = $state.raw<{ key: ItemRef; cert: ItemRef } | null>(null);
  /** Items the walkthrough's current step took its values from: the list marks them. */
  highlight = $state.raw<ItemRef[]>([]);
  #untrustedByUser = new Set<string>();
  #nextId = 1;
  #loads = 0;
  #relationsRun = 0;
  /** Changes on every Clear: loads and unlocks begun before it keep nothing. */
  #epoch = 0;

  itemCount = $derived(this.files.reduce((n, f) => n + f.items.length, 0));
  /** Row objects per file, made once: a step of a big load re-derives lists over every file. */
  #rowCache = new WeakMap<LoadedFile, Row[]>();
  rowsOf(file: LoadedFile): Row[] {
    let rows = this.#rowCache.get(file);
    if (!rows) this.#rowCache.set(file, (rows = file.items.map((item, index) => ({ ref: { fileId: file.id, index }, file, item }))));
    return rows;
  }
  rows = $derived(this.files.flatMap((file) => this.rowsOf(file)));
  selectedRow = $derived.by(() => {
    const ref = this.selected;
    const file = ref ? this.files.find((f) => f.id === ref.fileId) : undefined;
    return file && ref ? this.rowsOf(file)[ref.index] : undefined;
  });
  selectedFile = $derived(this.files.find((f) => f.id === (this.selected?.fileId ?? this.selectedFileId)));

  /** Reads files in the Worker: File objects are cloned cheaply, the bytes come back transferred. */
  readFiles = (files: File[]) => this.worker.call({ type: 'read-files', files });

  file(id: string): LoadedFile | undefined {
    return this.files.find((f) => f.id === id);
  }

  item(ref: ItemRef): Item | undefined {
    return this.file(ref.fileId)?.items[ref.index];
  }

  isSelected(ref: ItemRef): boolean {
    return sameRef(ref, this.selected);
  }

  isHighlighted(ref: ItemRef): boolean {
    return this.highlight.some((h) => sameRef(h, ref));
  }

  /** Shows the handshake walkthrough of a key and its certificate (null: back to the details). */
  tryHandshake(target: { key: ItemRef; cert: ItemRef } | null): void {
    this.handshake = target;
    this.highlight = [];
  }

  setProfile(profile: Profile): void {
    if (profile === this.profile) return;
    this.profile = profile;
    void this.refreshRelations();
  }

  select(ref: ItemRef | null): void {
    this.selected = ref;
    this.selectedFileId = ref?.fileId ?? null;
  }

  /** Selects a file: its first item, or (`firstItem` false, or no items) the file and its errors. */
  selectFile(id: string, firstItem = true): void {
    const f = this.file(id);
    if (f && f.items.length && firstItem) this.select({ fileId: id, index: 0 });
    else {
      this.selected = null;
      this.selectedFileId = id;
    }
  }

  /**
   * Loads files, skipping any already loaded with the same name (path) and bytes. Accepts a promise so
   * `busy` turns true in the same task as the drop or pick that started the load.
   */
  async add(source: InputFile[] | Promise<InputFile[]>): Promise<void> {
    this.#loads++;
    this.busy = true;
    const epoch = this.#epoch;
    try {
      await this.#add(await source, epoch);
      // Still "busy" until pairs and chains are known, so whoever waits for busy=false sees them.
      if (this.#loads === 1) await this.refreshRelations();
    } finally {
      if (--this.#loads === 0) {
        this.busy = false;
        this.progress = { done: 0, total: 0 };
      }
    }
  }

  async #add(inputs: InputFile[], epoch: number): Promise<void> {
    if (inputs.length === 0) return;
    const cleared = () => epoch !== this.#epoch;
    this.progress = { done: this.progress.done, total: this.progress.total + inputs.length };
    // Files read by the Worker come hashed; WebCrypto digests the rest off the window's thread.
    // (Not awaited when every input has its digest: ten thousand resolved promises were a good
    // part of a long task.)
    const digests = inputs.every((input) => input.sha256 !== undefined)
      ? inputs.map((input) => input.sha256!)
      : await Promise.all(inputs.map((input) => input.sha256 ?? crypto.subtle.digest('SHA-256', (input.bytes ?? new Uint8Array(0)) as BufferSource).then(toHex)));
    // The same bytes under the same name in another folder are another file (three copies of
    // server.key in three folders are three files); the same file dropped twice is one.
    const seen = new Set(this.files.map((f) => `${f.path ?? f.name}\0${f.sha256}`));
    const accepted: { id: string; input: InputFile; sha256: string }[] = [];
    let skipped = 0;
    for (let i = 0; i < inputs.length; i++) {
      // Thousands of files are taken a few thousand per task.
      if (i && i % ADD_SLICE === 0) await nextTask();
      const input = inputs[i]!;
      const sha256 = digests[i]!;
      const key = `${input.path ?? input.name}\0${sha256}`;
      if (seen.has(key)) skipped++;
      else {
        seen.add(key);
        accepted.push({ id: `f${this.#nextId++}`, input, sha256 });
      }
    }
    if (skipped) this.progress = { done: this.progress.done + skipped, total: this.progress.total };

    const order = new Map(accepted.map((a, i) => [a.id, i]));
    const byInputOrder = (a: LoadedFile, b: LoadedFile) => (order.get(a.id) ?? -1) - (order.get(b.id) ?? -1);
    const pending: LoadedFile[] = [];
    /** SHA-256 of the root CAs among the items received and not yet listed. */
    const anchors: string[] = [];
    const anchorSeen = new Set<string>();
    let flushTimer: ReturnType<typeof setTimeout> | undefined;
    // Rows appear in steps a few times a second: one reactive update per step, not one per file.
    const flush = () => {
      flushTimer = undefined;
      if (cleared()) {
        wipeFiles(pending.splice(0));
        anchors.length = 0;
      }
      if (pending.length === 0) return;
      const first = !this.selected && !this.selectedFileId ? (pending.find((f) => f.items.length) ?? pending[0]) : undefined;
      const added = pending.splice(0);
      this.files = [...this.files, ...added];
      this.#offer(anchors.splice(0));
      // Selecting (which renders the detail pane) waits for the next task: the list's first
      // step is a long enough task on its own when it brings thousands of rows.
      if (first) setTimeout(() => !cleared() && !this.selected && !this.selectedFileId && this.file(first.id) && this.selectFile(first.id), 0);
    };

    // Files go to the Worker in batches (one message for many small files) and their items
    // come back in slices, so neither thread spends long on any one message. A few batches are
    // in flight at once, so that the Worker never waits for this thread between two of them.
    const byId = new Map(accepted.map((a) => [a.id, a]));
    const partial = new Map<string, Item[]>();
    const onSlices = (slices: ParsedSlice[]) => {
      let finished = 0;
      for (const slice of slices) {
        let items = partial.get(slice.fileId);
        if (!items) partial.set(slice.fileId, (items = []));
        for (const item of slice.items) {
          items.push(item);
          // Root CAs are offered as anchors; looked for as items arrive, not all at once in a
          // step, and each only once (a bundle of 10,000 roots holds a few hundred kinds).
          if (isRootCa(item) && !anchorSeen.has(item.sha256)) {
            anchorSeen.add(item.sha256);
            anchors.push(item.sha256);
          }
        }
        if (!slice.done) continue;
        partial.delete(slice.fileId);
        const a = byId.get(slice.fileId)!;
        pending.push({ id: a.id, name: a.input.name, path: a.input.path, bytes: a.input.bytes, sha256: a.sha256, items, errors: slice.done.errors });
        finished++;
      }
      if (finished) {
        this.progress = { done: this.progress.done + finished, total: this.progress.total };
        flushTimer ??= setTimeout(flush, flushDelay(this.files.length + pending.length));
      }
    };
    const inFlight = new Set<Promise<unknown>>();
    for (let at = 0; at < accepted.length; ) {
      if (cleared()) break;
      const batch: typeof accepted = [];
      let bytes = 0;
      while (at < accepted.length && batch.length < BATCH_FILES && (batch.length === 0 || bytes < BATCH_BYTES)) {
        const a = accepted[at++]!;
        batch.push(a);
        bytes += a.input.bytes?.length ?? a.input.size ?? 0;
      }
      const call = this.worker.call(
        // Files the Worker read are parsed from its own copy: no bytes cross again.
        { type: 'parse-many', files: batch.map((a) => (a.input.read ? { fileId: a.id, name: a.input.name, read: a.input.read } : { fileId: a.id, name: a.input.name, bytes: a.input.bytes })), passwords: [] },
        [],
        onSlices,
      );
      inFlight.add(call);
      const done = () => void inFlight.delete(call);
      call.then(done, done);
      if (inFlight.size >= BATCHES_IN_FLIGHT) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (flushTimer) clearTimeout(flushTimer);
    flush();
    for (const readId of new Set(inputs.flatMap((i) => (i.read ? [i.read.readId] : [])))) void this.worker.call({ type: 'release-read', readId });
    if (cleared()) {
      // Cleared while loading: nothing of this load stays, in the list or in memory.
      for (const input of inputs) input.bytes?.fill(0);
      for (const items of partial.values()) wipeItems(items);
      return;
    }
    // Loads started by another drop may have finished in between; show this one's files in the order given.
    const earlier = this.files.filter((f) => !order.has(f.id));
    this.files = [...earlier, ...this.files.filter((f) => order.has(f.id)).sort(byInputOrder)];
  }

  addText(name: string, text: string): Promise<void> {
    return this.add([{ name, bytes: utf8Encode(text) }]);
  }

  /**
   * Passwords that opened something, per file, for as long as the file is loaded (as what they
   * opened is): a keystore's store and key passwords come one at a time, and every re-read
   * tries them all. Forgotten with the file, and by Clear.
   */
  #passwords = new Map<string, string[]>();

  /**
   * Re-reads a locked file with one more password, trying it with those that opened something
   * before. Returns false when it opens nothing more (the file stays as it was).
   */
  async unlock(fileId: string, password: string): Promise<boolean> {
    const f = this.file(fileId);
    if (!f) return false;
    const given = this.#passwords.get(fileId) ?? [];
    const tried = [...given, password];
    const result = await this.worker.call({ type: 'parse', fileId, name: f.name, bytes: f.bytes, passwords: tried });
    const now = this.file(fileId);
    if (!now) {
      // Removed or cleared while unlocking: what was read is not wanted any more.
      wipeItems(result.items);
      return false;
    }
    if (!openedMore(lockState(now.items), lockState(result.items))) {
      // The Worker now holds the failed read; put back what the user saw.
      wipeItems(result.items);
      await this.worker.call({ type: 'parse', fileId, name: f.name, bytes: f.bytes, passwords: given });
      return false;
    }
    this.#passwords.set(fileId, tried);
    this.files = this.files.map((x) => (x.id === fileId ? { ...x, items: result.items, errors: result.errors } : x));
    this.#offerAnchors();
    // The same entry stays selected when the file still has it (a keystore unlocked step by step).
    const at = this.selected?.fileId === fileId && this.selected.index < result.items.length ? this.selected.index : 0;
    this.select(result.items.length ? { fileId, index: at } : null);
    await this.refreshRelations();
    return true;
  }

  async remove(fileId: string): Promise<void> {
    const at = this.files.findIndex((f) => f.id === fileId);
    if (at < 0) return;
    const gone = this.files[at]!;
    this.files = this.files.filter((f) => f.id !== fileId);
    if (this.selected?.fileId === fileId || this.selectedFileId === fileId) {
      const next = this.files[Math.min(at, this.files.length - 1)];
      if (next) this.selectFile(next.id);
      else this.select(null);
    }
    if (this.handshake && [this.handshake.key, this.handshake.cert].some((r) => r.fileId === fileId)) this.tryHandshake(null);
    wipeFiles([gone]);
    this.#passwords.delete(fileId);
    await this.worker.call({ type: 'forget', fileIds: [fileId] });
    await this.refreshRelations();
  }

  /**
   * Forgets everything loaded, here and in the Worker: file bytes and private items' DER are
   * overwritten with zeros, and loads, unlocks and relation checks still under way keep
   * nothing. Passwords are kept only while their file is loaded (#passwords), so a locked file added again is locked again.
   */
  async clear(): Promise<void> {
    const dropped = this.files;
    this.#epoch++;
    this.#relationsRun++;
    this.files = [];
    this.select(null);
    this.tryHandshake(null);
    this.relations = null;
    this.relationsBusy = false;
    this.trusted = new Set();
    this.#untrustedByUser.clear();
    this.#passwords.clear();
    wipeFiles(dropped);
    await this.worker.call({ type: 'clear' });
  }

  setTrusted(sha256: string, on: boolean): void {
    const next = new Set(this.trusted);
    if (on) {
      next.add(sha256);
      this.#untrustedByUser.delete(sha256);
    } else {
      next.delete(sha256);
      this.#untrustedByUser.add(sha256);
    }
    this.trusted = next;
    void this.refreshRelations();
  }

  async loadSystemRoots(pems: string[]): Promise<void> {
    const r = await this.worker.call({ type: 'system-roots', pems });
    this.systemRoots = r.count;
    await this.refreshRelations();
  }

  /** Root CAs the user loaded are offered as anchors (on until the user turns them off). */
  #offerAnchors(files: readonly LoadedFile[] = this.files): void {
    const shas: string[] = [];
    for (const f of files) for (const item of f.items) if (isRootCa(item)) shas.push(item.sha256);
    this.#offer(shas);
  }

  /** Offers these root CAs (by SHA-256) as anchors, unless the user turned them off. */
  #offer(shas: readonly string[]): void {
    let next: Set<string> | undefined;
    // Read once: a signal read per anchor cost a big load's step more than the loop itself.
    const trusted = this.trusted;
    for (const sha of shas) {
      if (trusted.has(sha) || this.#untrustedByUser.has(sha)) continue;
      next ??= new Set(trusted);
      next.add(sha);
    }
    if (next) this.trusted = next;
  }

  async refreshRelations(): Promise<void> {
    const run = ++this.#relationsRun;
    if (this.files.length === 0) {
      this.relations = null;
      return;
    }
    this.relationsBusy = true;
    try {
      const r = await this.worker.call({ type: 'relations', trusted: [...this.trusted], at: Date.now(), profile: this.profile });
      if (run === this.#relationsRun) this.relations = r;
    } catch (e) {
      if (run === this.#relationsRun) this.notice = `Relations could not be computed: ${e instanceof Error ? e.message : String(e)}`;
    } finally {
      if (run === this.#relationsRun) this.relationsBusy = false;
    }
  }

  /** Each loaded certificate's trust verdict, from the chains (see lib/trust.ts). */
  verdicts = $derived(verdicts(this.relations, this.trusted));

  announce(text: string): void {
    // The same sentence twice in a row must still be read: clear first, then set.
    this.announcement = '';
    queueMicrotask(() => (this.announcement = text));
  }

  statusText = $derived.by(() => {
    if (this.busy) return `Reading ${count(this.progress.done)} of ${count(this.progress.total)} file${this.progress.total === 1 ? '' : 's'}…`;
    if (this.files.length === 0) return 'Ready. Nothing loaded.';
    const errors = this.files.filter((f) => f.errors.length > 0).length;
    return `${count(this.files.length)} file${this.files.length === 1 ? '' : 's'}, ${count(this.itemCount)} item${this.itemCount === 1 ? '' : 's'}${errors ? `, ${count(errors)} with errors` : ''}`;
  });
}
