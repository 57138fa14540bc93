/**
 * The saves of one item as it is in its file (the dialog had these before it converted):
 * its PEM, its DER, its public key. An encrypted key stays encrypted; nothing is re-encoded.
 */
import { utf8Encode } from '../../../core/bytes.js';
import type { Workspace } from '../state/workspace.svelte.js';
import type { ItemRef } from './protocol.js';
import { KIND_LABEL } from './format.js';
import { exportName, itemPem, toPem } from './pem.js';

export interface PlainSave {
  id: 'pem' | 'der' | 'spki';
  title: string;
  what: string;
  name: string;
  /** Holds private material (encrypted or not). */
  secret: boolean;
  /** A private key still under the password it came with. */
  stillEncrypted: boolean;
  bytes: () => Uint8Array;
}

export function plainSaves(ws: Workspace, ref: ItemRef): PlainSave[] {
  const item = ws.item(ref);
  const file = ws.file(ref.fileId);
  if (!item || !file) return [];
  const secret = item.sensitivity === 'private';
  const stillEncrypted = item.encrypted;
  const out: PlainSave[] = [];
  const pem = itemPem(item);
  const ext = item.kind === 'certificate' ? 'crt' : item.kind === 'certificate-request' ? 'csr' : item.kind === 'crl' ? 'crl' : item.kind === 'private-key' ? 'key' : 'pem';
  if (pem) out.push({ id: 'pem', title: `${KIND_LABEL[item.kind]} as PEM`, what: 'As it is in its file, as text: the usual form for servers and tools.', name: exportName(file.name, item, ext), secret, stillEncrypted, bytes: () => utf8Encode(pem) });
  if (item.kind !== 'secret-key') {
    out.push({ id: 'der', title: `${KIND_LABEL[item.kind]} as DER`, what: 'As it is in its file, binary: for Java and Windows tools.', name: exportName(file.name, item, item.kind === 'pkcs12' ? 'p12' : 'der'), secret, stillEncrypted, bytes: () => item.der });
  }
  const pub = 'publicKey' in item ? item.publicKey : undefined;
  if (item.kind !== 'public-key' && pub) {
    out.push({ id: 'spki', title: 'Public key (SPKI PEM)', what: 'Only the public half: safe to share.', name: exportName(file.name, item, 'pub.pem'), secret: false, stillEncrypted: false, bytes: () => utf8Encode(toPem('PUBLIC KEY', pub.spki)) });
  }
  return out;
}
