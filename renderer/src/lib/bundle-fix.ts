/** The one-click fix for a bundle in the wrong order: its certificates saved leaf first. */
import type { Workspace } from '../state/workspace.svelte.js';
import type { UiBundleFinding } from './protocol.js';
import { toPem } from './pem.js';
import { saveFile } from './io.js';
import { utf8Encode } from '../../../core/bytes.js';

export async function saveInOrder(ws: Workspace, b: UiBundleFinding): Promise<void> {
  const file = ws.file(b.fileId);
  if (!file || !b.rightOrder) return;
  const pems = b.rightOrder.map((i) => file.items[i]).filter((i) => i?.kind === 'certificate').map((i) => toPem('CERTIFICATE', i!.der));
  const msg = await saveFile({ name: 'fullchain.pem', bytes: utf8Encode(pems.join('')) });
  if (msg) ws.notice = msg;
}

/** "item 3 is the leaf, but item 1 comes first": what is wrong with the order, in words. */
export function orderProblem(ws: Workspace, b: UiBundleFinding): string | undefined {
  const file = ws.file(b.fileId);
  if (!file || !b.rightOrder?.length) return undefined;
  // The bundle's first certificate: a file (a manifest) may hold several bundles.
  const firstCert = Math.min(...b.rightOrder);
  const leaf = b.rightOrder[0]!;
  if (firstCert !== leaf) return `item ${firstCert + 1} of this bundle is not the leaf (item ${leaf + 1} is): the order is wrong`;
  return 'the certificates of this bundle are not each followed by their issuer: the order is wrong';
}
