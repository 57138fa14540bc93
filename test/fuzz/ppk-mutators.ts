/**
 * Mutations of PuTTY `.ppk` text: the header values a reader trusts before the MAC can be
 * checked (Argon2 memory, passes and parallelism, line counts, names), the base64 blobs (bits
 * flipped, re-encoded so they decode), and the lines themselves.
 */
import { fromBase64, toBase64, utf8Decode, utf8Encode } from '../../core/bytes.js';
import type { Rng } from './prng.js';

type Op = (lines: string[], r: Rng) => { op: string; bytes: Uint8Array } | undefined;

const out = (op: string, lines: string[]) => ({ op, bytes: utf8Encode(lines.join('\n')) });

/** Values for each numeric header: around the limits (256 MiB, a 2 s estimate) and far past them. */
const NUMBERS: Record<string, (string | number)[]> = {
  'Argon2-Memory': [0, 7, 8, 8192, 262_144, 262_145, 1_048_576, 4_294_967_295, 99_999_999_999, '-1', 'x'],
  'Argon2-Passes': [0, 1, 2, 24, 25, 1000, 4_294_967_295, '1e9', ''],
  'Argon2-Parallelism': [0, 1, 4, 255, 256, 65_536, 4_294_967_295],
  'Public-Lines': [0, 1, 3, 1000, 1001, 4_294_967_295],
  'Private-Lines': [0, 1, 2, 1000, 1001, 4_294_967_295],
};
const NAMES: Record<string, string[]> = {
  Encryption: ['none', 'aes256-cbc', 'aes128-cbc', '', 'x'.repeat(10_000)],
  'Key-Derivation': ['Argon2id', 'Argon2i', 'Argon2d', 'Argon2', 'scrypt', ''],
  'Argon2-Salt': ['', '00', '0011223344556677', 'zz', '0'.repeat(5_000)],
  'Private-MAC': ['', '00', '0'.repeat(40), '0'.repeat(64), 'g'.repeat(64)],
  Comment: ['', 'x'.repeat(1_000_000), '\u202e\u0000'],
};
const FIRST = ['PuTTY-User-Key-File-1: ssh-rsa', 'PuTTY-User-Key-File-2: ssh-ed25519', 'PuTTY-User-Key-File-3: ssh-ed448', 'PuTTY-User-Key-File-3: ecdsa-sha2-nistp256', 'PuTTY-User-Key-File-3: ssh-dss', 'PuTTY-User-Key-File-9: x', 'PuTTY-User-Key-File-'];

const header: Op = (lines, r) => {
  const at = lines.map((l, i) => [l, i] as const).filter(([l]) => /^[A-Za-z0-9-]+: /.test(l));
  if (!at.length) return undefined;
  const [line, i] = r.pick(at);
  const name = line.slice(0, line.indexOf(':'));
  const pool = NUMBERS[name] ?? NAMES[name];
  const copy = lines.slice();
  copy[i] = i === 0 ? r.pick(FIRST)! : `${name}: ${pool ? r.pick(pool) : r.pick(['', 'x', '9'.repeat(30)])}`;
  return out(`ppk-${i === 0 ? 'version' : name}`, copy);
};

/** A bit flipped inside the decoded public or private blob, re-encoded: gets past base64 to the wire format and the MAC. */
const blob: Op = (lines, r) => {
  const starts = lines.map((l, i) => [l, i] as const).filter(([l]) => /^(Public|Private)-Lines: \d+$/.test(l));
  const start = starts.length ? r.pick(starts) : undefined;
  if (!start) return undefined;
  const n = Number(start[0].split(': ')[1]);
  const body = lines.slice(start[1] + 1, start[1] + 1 + n);
  const bytes = fromBase64(body.join(''));
  if (!bytes?.length) return undefined;
  const b = bytes.slice();
  if (r.chance(0.5)) b[r.int(b.length)]! ^= 1 << r.int(8);
  else b.set([0xff, 0xff, 0xff, 0xff].slice(0, Math.min(4, b.length)), r.int(Math.max(1, b.length - 4)));
  const enc = toBase64(b).match(/.{1,64}/g) ?? [];
  const copy = [...lines.slice(0, start[1]), `${start[0].split(':')[0]}: ${enc.length}`, ...enc, ...lines.slice(start[1] + 1 + n)];
  return out('ppk-blob', copy);
};

const structure: Op = (lines, r) => {
  const choice = r.int(4);
  const copy = lines.slice();
  if (choice === 0) {
    copy.splice(r.int(copy.length), 1);
    return out('ppk-drop-line', copy);
  }
  if (choice === 1) {
    const i = r.int(copy.length);
    copy.splice(i, 0, copy[i]!);
    return out('ppk-duplicate-line', copy);
  }
  if (choice === 2) return { op: 'ppk-crlf-bom', bytes: utf8Encode(`\ufeff${lines.join('\r\n')}`) };
  const k = 1 + r.int(Math.max(1, copy.length - 1));
  return out('ppk-truncate-lines', copy.slice(0, k));
};

const OPS: Op[] = [header, header, header, blob, blob, structure];

/** A mutation of a PuTTY key file, or undefined when `bytes` is not one. */
export function mutatePpk(bytes: Uint8Array, r: Rng): { op: string; bytes: Uint8Array } | undefined {
  const t = utf8Decode(bytes, true);
  if (t === undefined || !t.startsWith('PuTTY-User-Key-File-')) return undefined;
  return r.pick(OPS)(t.split('\n'), r);
}
