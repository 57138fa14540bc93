/**
 * `jwk`: one key as a JSON Web Key (RFC 7517) with `kid` = its RFC 7638 thumbprint: the private
 * key when the inputs have one (written only with "no password": a JWK has no password
 * protection of its own), otherwise the one public key of a public key, certificate or request.
 * The members come from the keyfmt encoder (core/keys/jwk-write.ts: `pkcs8ToJwk`, `spkiToJwk`,
 * `jwkRefusal`); this wraps it into a Writer.
 *
 * UNFINISHED on the convert branch: the encoder lives on the keyfmt branch, so it is passed in
 * (see core/write/index.ts) rather than imported, until both are merged.
 */
import { utf8Encode } from '../bytes.js';
import { identity } from './readback.js';
import { describe, makeWriter, pickKey, type Plan } from './select.js';
import { WriteError, type Writer } from './types.js';

/** What core/keys/jwk-write.ts provides. */
export interface JwkEncoder {
  pkcs8ToJwk(pkcs8: Uint8Array): Record<string, string>;
  spkiToJwk(spki: Uint8Array): Record<string, string>;
  /** Undefined when the key (SPKI for public, PKCS#8 for private) has a JWK form; else one sentence why not. */
  jwkRefusal(der: Uint8Array, kind: 'public' | 'private'): string | undefined;
}

interface JwkPlan extends Plan {
  index: number;
  private: boolean;
  spki: Uint8Array;
}

export function jwkWriter(enc: JwkEncoder): Writer {
  return makeWriter<JwkPlan>(
    'jwk',
    (items, opts) => {
      const k = pickKey(items, opts, 'a JWK', 'a public JWK');
      const item = items[k.index]!;
      const why = k.private ? enc.jwkRefusal(item.der, 'private') : enc.jwkRefusal(k.spki, 'public');
      if (why) throw new WriteError('unsupported', `The ${k.private ? '' : 'key of the '}${describe(items, k.index, opts)} cannot be a JWK: ${why}.`);
      if (k.private && opts.password !== undefined) {
        throw new WriteError('unsupported', 'A JWK holds a private key in the clear (JWK has no password protection of its own): write it without a password, or choose pkcs8, openssh or ppk to protect it.');
      }
      return { ...k, sensitivity: k.private ? 'private' : 'public', notes: [], expected: [identity(item, k.private ? 'item' : 'public-key')] };
    },
    async (p, items, opts) => {
      const jwk = p.private ? enc.pkcs8ToJwk(items[p.index]!.der) : enc.spkiToJwk(p.spki);
      return [{ name: opts.fileName, bytes: utf8Encode(`${JSON.stringify(jwk, null, 2)}\n`), sensitivity: p.sensitivity }];
    },
  );
}
