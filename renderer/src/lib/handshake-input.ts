/**
 * Turns a window's handshake request into core/tls's input, in the Worker, from the items it
 * holds: the server sends its certificate's whole file in file order (what a server configured
 * with that file sends, a wrong order or a missing intermediate included), and the client trusts
 * what the window trusts (loaded roots left trusted, and the system roots where there are some).
 * Values are tagged with file ids, so the window can point at the file each came from.
 */
import type { CertificateItem, Item, ParseResult, PrivateKeyItem } from '../../../core/types.js';
import type { HandshakeInput, SourcedCertificate, SourcedKey, TrustedCertificate } from '../../../core/tls/types.js';
import type { HandshakeRequest, ItemRef } from './protocol.js';

/** The Worker's files by id (lib/file-store.ts). */
export interface HeldFiles {
  get(fileId: string): ParseResult | undefined;
  [Symbol.iterator](): IterableIterator<[string, ParseResult]>;
}

/** How many trusted files are named in sentences before "and N more". */
const NAMED = 3;

function itemAt(files: HeldFiles, ref: ItemRef): Item {
  const item = files.get(ref.fileId)?.items[ref.index];
  if (!item) throw new Error('That item is no longer loaded.');
  return item;
}

function keyAt(files: HeldFiles, ref: ItemRef, role: string): SourcedKey {
  const item = itemAt(files, ref);
  if (item.kind !== 'private-key') throw new Error(`The ${role} is not a private key.`);
  if (item.encrypted) throw new Error(`The ${role} is locked: unlock it first.`);
  return { item: item as PrivateKeyItem, from: { file: ref.fileId, index: ref.index } };
}

/** The certificates of `ref`'s file, in file order; `ref` must be one of them. */
export function fileChain(files: HeldFiles, ref: ItemRef): SourcedCertificate[] {
  if (itemAt(files, ref).kind !== 'certificate') throw new Error('The chosen item is not a certificate.');
  const items = files.get(ref.fileId)!.items;
  return items.flatMap((item, index) => (item.kind === 'certificate' ? [{ item: item as CertificateItem, from: { file: ref.fileId, index } }] : []));
}

/** "ca.crt", "ca.crt, other.pem and the system roots (146)", "no root (none is trusted in this window)". */
export function trustName(fileNames: string[], systemRoots: number): string {
  const names = [...new Set(fileNames)];
  const parts = names.length > NAMED + 1 ? [...names.slice(0, NAMED), `${names.length - NAMED} more loaded roots`] : names;
  if (systemRoots > 0) parts.push(`the system roots (${systemRoots})`);
  if (parts.length === 0) return 'no root (none is trusted in this window)';
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The loaded certificates the window trusts (once each), then the system roots. */
function anchors(files: HeldFiles, trusted: ReadonlySet<string>, systemRoots: readonly CertificateItem[]): { list: TrustedCertificate[]; names: string[] } {
  const list: TrustedCertificate[] = [];
  const names: string[] = [];
  const seen = new Set<string>();
  for (const [fileId, r] of files) {
    r.items.forEach((item, index) => {
      if (item.kind !== 'certificate' || !trusted.has(item.sha256) || seen.has(item.sha256)) return;
      seen.add(item.sha256);
      list.push({ der: item.der, from: { file: fileId, index } });
      names.push(r.name);
    });
  }
  for (const root of systemRoots) if (!seen.has(root.sha256)) list.push({ der: root.der });
  return { list, names };
}

export function handshakeInput(files: HeldFiles, systemRoots: readonly CertificateItem[], req: HandshakeRequest): HandshakeInput {
  const chain = fileChain(files, req.cert);
  const { list, names } = anchors(files, new Set(req.trusted), systemRoots);
  const input: HandshakeInput = {
    chain,
    key: keyAt(files, req.key, 'server key'),
    trusted: list,
    trustedName: trustName(names, systemRoots.length),
    at: new Date(req.at),
    profile: req.profile,
  };
  const host = req.host?.trim();
  if (host) input.host = host;
  if (req.client) input.client = { chain: fileChain(files, req.client.cert), key: keyAt(files, req.client.key, 'client key') };
  if (req.requireClientCertificate !== undefined) input.requireClientCertificate = req.requireClientCertificate;
  return input;
}
