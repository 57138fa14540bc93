/**
 * `ppk`: one private key as a PuTTY key file, version 3 (Argon2id + aes256-cbc with a password,
 * `Encryption: none` without), for PuTTY, WinSCP and FileZilla. The encoding is the keyfmt
 * encoder's (core/keys/putty-write.ts: `encodePpk`, `ppkRefusal`); this wraps it into a Writer:
 * which key, which comment, the password rule, the sensitivity, the read-back.
 */
import { utf8Encode } from '../bytes.js';
import { encodePpk, ppkRefusal } from '../keys/putty-write.js';
import { identity } from './readback.js';
import { describe, makeWriter, pickPrivateKey, type Plan } from './select.js';
import { WriteError, type Writer } from './types.js';

interface PpkPlan extends Plan {
  index: number;
  comment: string;
}

export const ppkWriter: Writer = makeWriter<PpkPlan>(
  'ppk',
  (items, opts) => {
    const { index, key } = pickPrivateKey(items, opts, 'a PuTTY key file');
    const why = ppkRefusal(key.der);
    if (why) throw new WriteError('unsupported', `The ${describe(items, index, opts)} cannot be a PuTTY key: ${why}.`);
    // One line: a comment from a file (an OpenSSH key's) or typed may hold line breaks.
    const comment = (opts.name ?? key.comment ?? '').replace(/[\u0000-\u001f\u007f]/g, ' ');
    return { index, comment, sensitivity: 'private', notes: [], expected: [identity(key)] };
  },
  async (p, items, opts) => {
    const text = await encodePpk(items[p.index]!.der, { comment: p.comment, ...(opts.password !== undefined ? { passphrase: opts.password } : {}) });
    return [{ name: opts.fileName, bytes: utf8Encode(text), sensitivity: 'private' }];
  },
);
