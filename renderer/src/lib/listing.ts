/**
 * What the list shows, in which order: by file (grouped under each file), sorted by name,
 * kind or expiry (one flat list), or the certificate hierarchy (roots → intermediates →
 * leaves, from the chains the Worker built). Pure functions over rows, so the list component
 * only renders.
 */
import type { LoadedFile, Row } from './model.js';
import type { Relations } from './protocol.js';
import { KIND_LABEL, itemExpiry, summary } from './format.js';

export type ListMode = 'file' | 'hierarchy' | 'name' | 'kind' | 'expiry';

export const LIST_MODES: { id: ListMode; label: string }[] = [
  { id: 'file', label: 'By file' },
  { id: 'hierarchy', label: 'Hierarchy' },
  { id: 'name', label: 'By name' },
  { id: 'kind', label: 'By kind' },
  { id: 'expiry', label: 'By expiry' },
];

export type Entry =
  | { type: 'file'; file: LoadedFile; key: string }
  | { type: 'heading'; text: string; key: string }
  | { type: 'item'; row: Row; depth: number; key: string }
  | { type: 'error'; file: LoadedFile; key: string };

const itemKey = (r: Row) => `i:${r.ref.fileId}:${r.ref.index}`;
const item = (row: Row, depth = 0): Entry => ({ type: 'item', row, depth, key: itemKey(row) });
const DAY = 86_400_000;

/** Rows kept by the "expiring within N days" view: expired ones included, undated ones not. */
export function expiringWithin(row: Row, days: number, now = Date.now()): boolean {
  const e = itemExpiry(row.item, now);
  return !!e && e.left <= days * DAY;
}

const KIND_ORDER = ['certificate', 'certificate-request', 'crl', 'private-key', 'secret-key', 'public-key', 'pkcs12', 'parameters'];

function sorted(rows: Row[], mode: 'name' | 'kind' | 'expiry'): Row[] {
  const name = (r: Row) => summary(r.item).toLowerCase();
  const cmp: Record<typeof mode, (a: Row, b: Row) => number> = {
    name: (a, b) => name(a).localeCompare(name(b)) || a.file.name.localeCompare(b.file.name),
    kind: (a, b) => KIND_ORDER.indexOf(a.item.kind) - KIND_ORDER.indexOf(b.item.kind) || name(a).localeCompare(name(b)),
    // Soonest end first; items without dates last.
    expiry: (a, b) => (itemExpiry(a.item)?.left ?? Infinity) - (itemExpiry(b.item)?.left ?? Infinity) || name(a).localeCompare(name(b)),
  };
  return [...rows].sort(cmp[mode]);
}

/** Certificates under their issuers, as the chains found them; other items after them. */
function hierarchy(rows: Row[], rel: Relations | null): Entry[] {
  const parentOf = new Map<string, string>();
  for (const c of rel?.chains ?? []) {
    const links = c.result.chain;
    for (let i = 0; i + 1 < links.length; i++) if (!parentOf.has(links[i]!.sha256)) parentOf.set(links[i]!.sha256, links[i + 1]!.sha256);
  }
  const certs = rows.filter((r) => r.item.kind === 'certificate');
  const loaded = new Set(certs.map((r) => r.item.sha256));
  const children = new Map<string, Row[]>();
  const tops: Row[] = [];
  for (const r of certs) {
    const parent = parentOf.get(r.item.sha256);
    if (parent && parent !== r.item.sha256 && loaded.has(parent)) {
      const list = children.get(parent);
      if (list) list.push(r);
      else children.set(parent, [r]);
    } else tops.push(r);
  }
  const out: Entry[] = [];
  const placed = new Set<string>();
  const byName = (a: Row, b: Row) => summary(a.item).localeCompare(summary(b.item));
  const visit = (r: Row, depth: number) => {
    out.push(item(r, depth));
    // Copies of one certificate share its children, shown once under the first copy.
    if (placed.has(r.item.sha256)) return;
    placed.add(r.item.sha256);
    for (const c of (children.get(r.item.sha256) ?? []).sort(byName)) visit(c, depth + 1);
  };
  if (certs.length) out.push({ type: 'heading', text: 'Certificates, each under its issuer', key: 'h:certs' });
  for (const r of tops.sort(byName)) visit(r, 0);
  // Anything a cycle of cross-signatures kept from the top still gets listed.
  const shown = new Set(out.flatMap((e) => (e.type === 'item' ? [e.key] : [])));
  for (const r of certs) if (!shown.has(itemKey(r))) out.push(item(r, 0));
  const others = rows.filter((r) => r.item.kind !== 'certificate');
  if (others.length) {
    out.push({ type: 'heading', text: 'Keys, requests and other items', key: 'h:others' });
    for (const r of sorted(others, 'kind')) out.push(item(r));
  }
  return out;
}

export interface ListOptions {
  mode: ListMode;
  /** Keeps a row (the filter box, the expiring view); undefined keeps every row. */
  keep?: (row: Row) => boolean;
  /** Whether a file's own name matches the filter (its errors are then shown). */
  fileHit: (file: LoadedFile) => boolean;
  relations: Relations | null;
}

export function listEntries(files: readonly LoadedFile[], rowsOf: (f: LoadedFile) => Row[], o: ListOptions): Entry[] {
  const out: Entry[] = [];
  if (o.mode === 'file') {
    for (const file of files) {
      const all = rowsOf(file);
      const rows = o.keep ? all.filter(o.keep) : all;
      const showErrors = file.errors.length > 0 && (o.fileHit(file) || rows.length > 0);
      if (!rows.length && !showErrors) continue;
      out.push({ type: 'file', file, key: `f:${file.id}` });
      for (const row of rows) out.push(item(row));
      if (showErrors) out.push({ type: 'error', file, key: `e:${file.id}` });
    }
    return out;
  }
  const rows: Row[] = [];
  for (const file of files) for (const row of rowsOf(file)) if (!o.keep || o.keep(row)) rows.push(row);
  if (o.mode === 'hierarchy') out.push(...hierarchy(rows, o.relations));
  else for (const row of sorted(rows, o.mode)) out.push(item(row));
  const broken = files.filter((f) => f.errors.length && o.fileHit(f));
  if (broken.length) {
    out.push({ type: 'heading', text: 'Files with problems', key: 'h:errors' });
    for (const file of broken) out.push({ type: 'error', file, key: `e:${file.id}` });
  }
  return out;
}

/** A plain list by file (no filter) and the files it was made from. */
export interface FileListMemo {
  files: readonly LoadedFile[];
  entries: Entry[];
}

/**
 * The plain list by file (`mode` 'file', no `keep`), made from `memo` when `files` only adds
 * files after the memo's (a load's steps do): only the added files' entries are made, so a step
 * of a big load costs what it adds, not every row again. The same entries array comes back
 * when nothing was added. Otherwise (a file removed, replaced or moved) it is made anew.
 */
export function fileListEntries(memo: FileListMemo | undefined, files: readonly LoadedFile[], rowsOf: (f: LoadedFile) => Row[], o: ListOptions): FileListMemo {
  const n = memo?.files.length ?? -1;
  let prefix = !!memo && n <= files.length;
  for (let i = 0; prefix && i < n; i++) prefix = memo!.files[i] === files[i];
  if (!prefix) return { files, entries: listEntries(files, rowsOf, o) };
  if (n === files.length) return { files, entries: memo!.entries };
  return { files, entries: memo!.entries.concat(listEntries(files.slice(n), rowsOf, o)) };
}

/** The kind words a row's accessible name starts with ("private key, secret"). */
export function kindWords(row: Row): string {
  const k = KIND_LABEL[row.item.kind].toLowerCase();
  return row.item.sensitivity === 'private' ? `${k}, secret` : k;
}
