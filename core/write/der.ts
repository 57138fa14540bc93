/**
 * `der`: one item as binary DER: a certificate, request, CRL, public key (SPKI) or private key
 * (PKCS#8, or EncryptedPrivateKeyInfo with a password). More than one item is ambiguous: DER
 * files hold exactly one structure, so the caller must choose.
 */
import { chosenIndex, describe, distinctIndexes, listOf, makeWriter, type Plan } from './select.js';
import { privateKeyDer } from './pkcs8.js';
import { identity } from './readback.js';
import { WriteError } from './types.js';

interface DerPlan extends Plan {
  index: number;
}

export const derWriter = makeWriter<DerPlan>(
  'der',
  (items, opts) => {
    const chosen = chosenIndex(items, opts);
    const candidates = chosen !== undefined ? [chosen] : distinctIndexes(items);
    if (candidates.length === 0) throw new WriteError('missing', 'The inputs hold no item to write.');
    if (candidates.length > 1) {
      throw new WriteError('ambiguous', `The inputs hold ${candidates.length} items: ${listOf(candidates.map((i) => describe(items, i, opts)))}; a DER file holds one: choose it by its item number.`);
    }
    const index = candidates[0]!;
    const kind = items[index]!.kind;
    if (kind === 'secret-key' || kind === 'pkcs12') throw new WriteError('unsupported', `The ${describe(items, index, opts)} has no DER form of its own.`);
    return { index, sensitivity: kind === 'private-key' ? 'private' : 'public', notes: [], expected: [identity(items[index]!)] };
  },
  async (plan, items, opts) => {
    const item = items[plan.index]!;
    const bytes = item.kind === 'private-key' ? (await privateKeyDer(item.der, opts.password)).der : item.der;
    return [{ name: opts.fileName, bytes, sensitivity: plan.sensitivity }];
  },
);
