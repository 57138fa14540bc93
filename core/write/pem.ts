/**
 * `pem`: every item as PEM text in one file, certificates leaf → root where they chain (how a
 * `.p12`, a keystore or a Secret is unpacked, and how HAProxy wants key and chain together).
 * Order: the certificates (chains whose leaf belongs to a written key first), the private keys
 * (PKCS#8, encrypted with a password), then requests, CRLs, public keys and parameters.
 */
import { utf8Encode } from '../bytes.js';
import type { Item } from '../types.js';
import { orderCertificates } from './order.js';
import { pemText } from './pem-armor.js';
import { privateKeyDer } from './pkcs8.js';
import { chosenIndex, describe, distinctIndexes, listOf, makeWriter, publicKeyOf, type Plan } from './select.js';
import { identity } from './readback.js';
import { WriteError } from './types.js';

/** PEM label of a public item (undefined for kinds that have no PEM form of their own). */
export function publicLabel(item: Item): string | undefined {
  switch (item.kind) {
    case 'certificate':
      return 'CERTIFICATE';
    case 'certificate-request':
      return 'CERTIFICATE REQUEST';
    case 'crl':
      return 'X509 CRL';
    case 'public-key':
      return 'PUBLIC KEY';
    case 'parameters':
      return item.source.pemLabel ?? `${item.algorithm ?? 'EC'} PARAMETERS`;
    default:
      return undefined;
  }
}

const RANK: Record<Item['kind'], number> = {
  certificate: 0,
  'private-key': 1,
  'certificate-request': 2,
  crl: 3,
  'public-key': 4,
  parameters: 5,
  'secret-key': 6,
  pkcs12: 7,
};

interface PemPlan extends Plan {
  order: number[];
}

export const pemWriter = makeWriter<PemPlan>(
  'pem',
  async (items, opts) => {
    const chosen = chosenIndex(items, opts);
    const all = chosen !== undefined ? [chosen] : distinctIndexes(items);
    const notes: string[] = [];
    const duplicates = chosen !== undefined ? 0 : items.length - all.length;
    if (duplicates > 0) notes.push(`${duplicates} ${duplicates === 1 ? 'item appears' : 'items appear'} twice among the inputs and ${duplicates === 1 ? 'is' : 'are'} written once.`);
    const secret = all.filter((i) => items[i]!.kind === 'secret-key');
    if (secret.length) {
      if (chosen !== undefined) throw new WriteError('unsupported', `The ${describe(items, chosen, opts)} is a secret (symmetric) key, which has no PEM form.`);
      notes.push(`Left out the ${listOf(secret.map((i) => describe(items, i, opts)))}: secret (symmetric) keys have no PEM form.`);
    }
    const kept = all.filter((i) => !secret.includes(i));
    if (kept.length === 0) throw new WriteError('missing', 'The inputs hold nothing that PEM can hold.');
    const keys = new Set(kept.filter((i) => items[i]!.kind === 'private-key').map((i) => publicKeyOf(items[i]!)?.spkiSha256));
    const certs = kept.filter((i) => items[i]!.kind === 'certificate');
    const withKey = new Set(certs.filter((i) => keys.has(publicKeyOf(items[i]!)?.spkiSha256)));
    const orderedCerts = await orderCertificates(items, certs, withKey);
    const rest = kept.filter((i) => items[i]!.kind !== 'certificate').sort((a, b) => RANK[items[a]!.kind] - RANK[items[b]!.kind] || a - b);
    const order = [...orderedCerts, ...rest];
    const sensitivity = order.some((i) => items[i]!.kind === 'private-key') ? 'private' : 'public';
    return { order, notes, sensitivity, expected: order.map((i) => identity(items[i]!)) };
  },
  async (plan, items, opts) => {
    const parts: string[] = [];
    for (const i of plan.order) {
      const item = items[i]!;
      if (item.kind === 'private-key') {
        const k = await privateKeyDer(item.der, opts.password);
        parts.push(pemText(k.label, k.der));
      } else parts.push(pemText(publicLabel(item)!, item.der));
    }
    return [{ name: opts.fileName, bytes: utf8Encode(parts.join('')), sensitivity: plan.sensitivity }];
  },
);
