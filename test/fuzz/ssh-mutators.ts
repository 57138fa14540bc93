/**
 * Mutations of OpenSSH wire data (the `openssh-key-v1` private key container and public key
 * blobs): rewrite the bcrypt rounds, the key count, string lengths and algorithm names in
 * place, since those are the fields a reader trusts before anything can be checked.
 */
import { utf8Encode } from '../../core/bytes.js';
import type { Rng } from './prng.js';

type Op = (b: Uint8Array, r: Rng) => { op: string; bytes: Uint8Array } | undefined;

const MAGIC = 'openssh-key-v1\0';

const u32 = (b: Uint8Array, at: number) => ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;

function setU32(b: Uint8Array, at: number, v: number): Uint8Array {
  const out = b.slice();
  out[at] = v >>> 24;
  out[at + 1] = (v >>> 16) & 0xff;
  out[at + 2] = (v >>> 8) & 0xff;
  out[at + 3] = v & 0xff;
  return out;
}

interface Layout {
  /** Offsets of every uint32 length prefix we walked past. */
  lengths: number[];
  /** Offsets of the string fields (their length prefix) by name, for the private container. */
  cipher?: number;
  kdf?: number;
  rounds?: number;
  nkeys?: number;
}

function isPrivate(b: Uint8Array): boolean {
  return b.length > MAGIC.length && MAGIC.split('').every((c, i) => b[i] === c.charCodeAt(0));
}

function layout(b: Uint8Array): Layout {
  const l: Layout = { lengths: [] };
  let p = 0;
  const str = (): number | undefined => {
    if (p + 4 > b.length) return undefined;
    const at = p;
    const n = u32(b, p);
    l.lengths.push(at);
    if (p + 4 + n > b.length) return undefined;
    p += 4 + n;
    return at;
  };
  if (!isPrivate(b)) {
    while (str() !== undefined);
    return l;
  }
  p = MAGIC.length;
  l.cipher = str();
  l.kdf = str();
  const opts = str();
  if (opts !== undefined && u32(b, opts) >= 8) {
    // kdfoptions = string salt, uint32 rounds
    const saltLen = u32(b, opts + 4);
    l.lengths.push(opts + 4);
    l.rounds = opts + 8 + saltLen;
  }
  if (p + 4 <= b.length) {
    l.nkeys = p;
    p += 4;
    str();
    const priv = str();
    if (priv !== undefined) {
      // Inside the (possibly encrypted) private section: checkints, then key type string etc.
      let q = priv + 4 + 8;
      while (q + 4 <= b.length && l.lengths.length < 40) {
        l.lengths.push(q);
        q += 4 + u32(b, q);
      }
    }
  }
  return l;
}

const BIG = [0xffffffff, 0x7fffffff, 0x80000000, 1_000_000, 0, 1, 0x10000];

const rounds: Op = (b, r) => {
  const l = layout(b);
  if (l.rounds === undefined || l.rounds + 4 > b.length) return undefined;
  const v = r.pick(BIG);
  return { op: `ssh-rounds-${v}`, bytes: setU32(b, l.rounds, v) };
};

const nkeys: Op = (b, r) => {
  const l = layout(b);
  if (l.nkeys === undefined) return undefined;
  const v = r.pick([0, 2, 1000, 0xffffffff]);
  return { op: `ssh-nkeys-${v}`, bytes: setU32(b, l.nkeys, v) };
};

const length: Op = (b, r) => {
  const l = layout(b);
  if (!l.lengths.length) return undefined;
  const at = r.pick(l.lengths);
  const old = u32(b, at);
  const v = r.pick([0xffffffff, 0x7fffffff, 0x80000000, old + 1, Math.max(0, old - 1), 0, 0x01000000]);
  return { op: `ssh-length-${v}`, bytes: setU32(b, at, v) };
};

const NAMES = ['none', 'bcrypt', 'aes256-ctr', 'aes128-ctr', 'aes256-cbc', 'chacha20-poly1305@openssh.com', 'aes256-gcm@openssh.com', '3des-cbc', 'x', ''];

const rename: Op = (b, r) => {
  const l = layout(b);
  const at = r.pick([l.cipher, l.kdf, l.lengths[0]].filter((x): x is number => x !== undefined));
  if (at === undefined) return undefined;
  const old = u32(b, at);
  if (at + 4 + old > b.length) return undefined;
  const name = utf8Encode(r.pick(NAMES));
  const out = new Uint8Array(b.length - old + name.length);
  out.set(b.subarray(0, at));
  out.set(setU32(new Uint8Array(4), 0, name.length), at);
  out.set(name, at + 4);
  out.set(b.subarray(at + 4 + old), at + 4 + name.length);
  return { op: 'ssh-rename', bytes: out };
};

const flip: Op = (b, r) => {
  if (!b.length) return undefined;
  const out = b.slice();
  out[r.int(out.length)]! ^= 1 << r.int(8);
  return { op: 'ssh-bitflip', bytes: out };
};

const truncate: Op = (b, r) => (b.length ? { op: 'ssh-truncate', bytes: b.slice(0, r.int(b.length)) } : undefined);

export const sshMutations: Op[] = [rounds, rounds, nkeys, length, length, rename, flip, truncate];
