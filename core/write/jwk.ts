/**
 * `jwk`: one key as a JSON Web Key (RFC 7517) with `kid` = its RFC 7638 thumbprint: the private
 * key when the inputs have one (written only with "no password": a JWK has no password
 * protection of its own), otherwise the one public key of a public key, certificate or request.
 * The members come from the keyfmt encoder (core/keys/jwk-write.ts: `pkcs8ToJwk`, `spkiToJwk`,
 * `jwkRefusal`); this wraps it into a Writer.
 */
import { utf8Encode } from '../bytes.js';
import { jwkRefusal, pkcs8ToJwk, spkiToJwk } from '../keys/jwk-write.js';
import { identity } from './readback.js';
import { describe, makeWriter, pickKey, type Plan } from './select.js';
import { WriteError, type Writer } from './types.js';

interface JwkPlan extends Plan {
  index: number;
  private: boolean;
  spki: Uint8Array;
}

export const jwkWriter: Writer = makeWriter<JwkPlan>(
  'jwk',
  (items, opts) => {
    const k = pickKey(items, opts, 'a JWK', 'a public JWK');
    const item = items[k.index]!;
    const why = k.private ? jwkRefusal(item.der, 'private') : jwkRefusal(k.spki, 'public');
    if (why) throw new WriteError('unsupported', `The ${k.private ? '' : 'key of the '}${describe(items, k.index, opts)} cannot be a JWK: ${why}.`);
    if (k.private && opts.password !== undefined) {
      throw new WriteError('unsupported', 'A JWK holds a private key in the clear (JWK has no password protection of its own): write it without a password, or choose pkcs8, openssh or ppk to protect it.');
    }
    return { ...k, sensitivity: k.private ? 'private' : 'public', notes: [], expected: [identity(item, k.private ? 'item' : 'public-key')] };
  },
  async (p, items, opts) => {
    const jwk = p.private ? pkcs8ToJwk(items[p.index]!.der) : spkiToJwk(p.spki);
    return [{ name: opts.fileName, bytes: utf8Encode(`${JSON.stringify(jwk, null, 2)}\n`), sensitivity: p.sensitivity }];
  },
);
