/**
 * PuTTY private key files, `.ppk` versions 2 and 3 (PuTTY manual, appendix C):
 *
 *   PuTTY-User-Key-File-3: <algorithm>      Encryption: none | aes256-cbc
 *   Comment: <text>                          Public-Lines: N, then N lines of base64
 *   [v3, encrypted: Key-Derivation: Argon2id|Argon2i|Argon2d, Argon2-Memory, Argon2-Passes,
 *    Argon2-Parallelism, Argon2-Salt]       Private-Lines: N, then N lines of base64
 *   Private-MAC: <hex>
 *
 * One private-key item per file, converted to PKCS#8 like every key here. The public blob is in
 * the clear, so a locked key still tells its algorithm and size. The MAC is checked before the
 * private blob is used: for an encrypted file a wrong passphrase and an altered file look the
 * same (`password_wrong`), for an unencrypted one a bad MAC means the file was damaged.
 */
import { bitLength, equalBytes, fromBase64, fromHex, latin1Decode, utf8Decode, utf8Encode } from '../bytes.js';
import { budgetOf } from '../budget.js';
import type { Origin, ReadContext, ReadOutcome } from '../context.js';
import { CIPHERS, decryptRaw } from '../crypto/cipher.js';
import { fail, toProblem } from '../crypto/errors.js';
import { der } from '../der.js';
import { OID } from '../oids.js';
import type { Finding, PrivateKeyItem, PublicKeyInfo } from '../types.js';
import { readSpki } from '../x509/spki.js';
import { derivationGate, lockedKeyItem, passwordWrong, privateKeyItem, readPrivateFacts } from './items.js';
import { ecPrivate } from './jwk-members.js';
import { checkRsaSizes, completeCrt, rsaInconsistencies, rsaPkcs8, rsaWorkMs } from './jwk-rsa.js';
import { buildPkcs8, rawToPkcs8 } from './pkcs8.js';
import { checkArgon2, ppkMac, ppkV2Keys, ppkV3Keys, type Argon2Flavour, type Argon2Params, type PpkKeys } from './putty-kdf.js';
import { SSH_CURVES, SshReader, sshBlobToSpki } from './ssh-wire.js';

/** Lines of base64 one blob may have: a 16,384-bit RSA key needs about 60. */
const MAX_BLOB_LINES = 1_000;
const ORIGIN: Origin = { encoding: 'ppk' };

interface PpkFile {
  version: 2 | 3;
  algorithm: string;
  encryption: string;
  /** The comment's bytes as in the file (the MAC covers them) and as text. */
  commentBytes: Uint8Array;
  comment: string;
  publicBlob: Uint8Array;
  argon2?: Argon2Params;
  privateBlob: Uint8Array;
  mac: Uint8Array;
}

/** Reads `Name: value` lines in the order the format fixes. */
class Headers {
  /** Index into `lines`, which start at the file's second line. */
  private i = 0;
  constructor(private readonly lines: string[]) {}

  value(name: string): string {
    const line = this.lines[this.i];
    const prefix = `${name}: `;
    if (line === undefined || !line.startsWith(prefix)) fail('der_invalid', `the PuTTY key has no "${name}" line where the format puts it (line ${this.i + 2})`);
    this.i++;
    return line.slice(prefix.length);
  }

  peek(name: string): boolean {
    return this.lines[this.i]?.startsWith(`${name}: `) ?? false;
  }

  number(name: string): number {
    const v = this.value(name);
    if (!/^\d{1,10}$/.test(v)) fail('der_invalid', `the PuTTY key's "${name}" is not a number`);
    return Number(v);
  }

  blob(name: string): Uint8Array {
    const n = this.number(name);
    if (n > MAX_BLOB_LINES || this.i + n > this.lines.length) fail('der_invalid', `the PuTTY key's ${name} says ${n} lines, but the file ${n > MAX_BLOB_LINES ? 'would need no more than ' + MAX_BLOB_LINES : 'ends before them'}`);
    const text = this.lines.slice(this.i, this.i + n).join('');
    this.i += n;
    const bytes = /^[A-Za-z0-9+/=]*$/.test(text) ? fromBase64(text) : undefined;
    if (!bytes) fail('base64_invalid', `the ${name.replace('-Lines', '').toLowerCase()} part of the PuTTY key is not valid base64`);
    return bytes;
  }
}

const FLAVOURS: Argon2Flavour[] = ['Argon2id', 'Argon2i', 'Argon2d'];

function parsePpk(text: string): PpkFile {
  const lines = text.split(/\r?\n/);
  const m = /^PuTTY-User-Key-File-(\d+): (.*)$/.exec(lines[0] ?? '');
  if (!m) fail('der_invalid', 'the first line of a PuTTY key names its version and algorithm');
  const version = Number(m[1]);
  if (version === 1) fail('unsupported_algorithm', 'PuTTY key format version 1 (PuTTY before 0.52) is not supported: load it in PuTTYgen and save it again');
  if (version !== 2 && version !== 3) fail('unsupported_algorithm', `PuTTY key format version ${m[1]!.slice(0, 10)} is not one this app knows (2 and 3)`);
  const h = new Headers(lines.slice(1));
  const encryption = h.value('Encryption');
  const commentRaw = h.value('Comment');
  const publicBlob = h.blob('Public-Lines');
  let argon2: Argon2Params | undefined;
  if (version === 3 && encryption !== 'none') {
    const flavour = h.value('Key-Derivation');
    if (!FLAVOURS.includes(flavour as Argon2Flavour)) fail('unsupported_algorithm', `PuTTY key derivation "${flavour.slice(0, 40)}" is not one of Argon2id, Argon2i and Argon2d`);
    const memoryKiB = h.number('Argon2-Memory');
    const passes = h.number('Argon2-Passes');
    const parallelism = h.number('Argon2-Parallelism');
    const saltHex = h.value('Argon2-Salt');
    if (!/^([0-9a-fA-F]{2}){1,1024}$/.test(saltHex)) fail('der_invalid', 'the PuTTY key\'s Argon2-Salt is not hex');
    argon2 = { flavour: flavour as Argon2Flavour, memoryKiB, passes, parallelism, salt: fromHex(saltHex) };
  }
  const privateBlob = h.blob('Private-Lines');
  if (h.peek('Private-Hash')) fail('unsupported_algorithm', 'a PuTTY key with a "Private-Hash" (format version 1) is not supported');
  const macHex = h.value('Private-MAC');
  const macLen = version === 3 ? 32 : 20;
  if (!new RegExp(`^[0-9a-fA-F]{${macLen * 2}}$`).test(macHex)) fail('der_invalid', `the PuTTY key's Private-MAC is not ${macLen * 2} hex digits`);
  // The header text is Latin-1 here (one character per byte, so the MAC sees the file's bytes); comments are UTF-8 in practice.
  // A loop, not Uint8Array.from(string, fn): that iterates the string and took 0.25 s a megabyte.
  const commentBytes = new Uint8Array(commentRaw.length);
  for (let i = 0; i < commentRaw.length; i++) commentBytes[i] = commentRaw.charCodeAt(i);
  const file: PpkFile = { version, algorithm: m[2]!, encryption, commentBytes, comment: utf8Decode(commentBytes, true) ?? commentRaw, publicBlob, privateBlob, mac: fromHex(macHex) };
  if (argon2) file.argon2 = argon2;
  return file;
}

function describe(f: PpkFile): string | undefined {
  if (f.encryption === 'none') return undefined;
  if (f.encryption !== 'aes256-cbc') return `PuTTY key v${f.version}, ${f.encryption.slice(0, 40)}`;
  if (!f.argon2) return `PuTTY key v${f.version}, ${f.encryption}, SHA-1 key derivation (no salt, no iterations)`;
  const a = f.argon2;
  return `PuTTY key v3, ${f.encryption}, ${a.flavour} (${a.memoryKiB.toLocaleString('en-US')} KiB, ${a.passes} pass${a.passes === 1 ? '' : 'es'}, parallelism ${a.parallelism})`;
}

interface Converted {
  pkcs8: Uint8Array;
  findings: Finding[];
  /** Whether the private key was compared with the public blob. */
  checked: boolean;
}

/** The private blob, with the public blob's fields, as PKCS#8. */
function toPkcs8(type: string, publicBlob: Uint8Array, privateBlob: Uint8Array, gate: (ms: number) => boolean): Converted {
  const pub = new SshReader(publicBlob);
  pub.string();
  const priv = new SshReader(privateBlob);
  const wrong = (why: string): Finding => ({ code: 'ppk_private_mismatch', severity: 'error', message: why });
  switch (type) {
    case 'ssh-rsa': {
      const [e, n] = [pub.mpint(), pub.mpint()];
      const [d, p, q, qi] = [priv.mpint(), priv.mpint(), priv.mpint(), priv.mpint()];
      checkRsaSizes(n, { e, d, p, q, qi }, 'this PuTTY key');
      const parts = { n, e, d, p, q, ...completeCrt(d, p, q), qi };
      const checked = gate(rsaWorkMs(bitLength(n)));
      const findings = checked ? rsaInconsistencies(parts).map((why) => wrong(`The RSA private key does not belong to its public key: ${why}.`)) : [];
      return { pkcs8: rsaPkcs8(parts), findings, checked };
    }
    case 'ssh-dss': {
      const [p, q, g] = [pub.mpint(), pub.mpint(), pub.mpint()];
      const x = priv.mpint();
      return { pkcs8: buildPkcs8(der.seq(der.oid(OID.dsa), der.seq(der.uint(p), der.uint(q), der.uint(g))), der.uint(x)), findings: [], checked: false };
    }
    case 'ssh-ed25519':
    case 'ssh-ed448': {
      const [oid, len] = type === 'ssh-ed25519' ? [OID.ed25519, 32] : [OID.ed448, 57];
      const k = priv.bytes();
      if (k.length !== len) fail('der_invalid', `the ${type} private key has ${k.length} bytes, expected ${len}`);
      return { pkcs8: rawToPkcs8(oid, k), findings: [], checked: false };
    }
    default: {
      const curve = SSH_CURVES[/^ecdsa-sha2-(nistp\d+)$/.exec(type)?.[1] ?? '']!;
      pub.string();
      const point = pub.bytes();
      const d = priv.mpint();
      const len = { 'P-256': 32, 'P-384': 48, 'P-521': 66 }[curve.curve]!;
      if (d.length > len + 1 || (d.length === len + 1 && d[0] !== 0)) fail('der_invalid', `the ${type} private key is longer than the curve's order`);
      const padded = new Uint8Array(len);
      padded.set(d.subarray(Math.max(0, d.length - len)), len - Math.min(len, d.length));
      return ecPrivate(curve.curve, padded, point, gate);
    }
  }
}

function keyItem(f: PpkFile, plain: Uint8Array, spki: PublicKeyInfo, ctx: ReadContext, errors: ReadOutcome['errors']): PrivateKeyItem {
  const gate = derivationGate(budgetOf(ctx), errors);
  const c = toPkcs8(f.algorithm, f.publicBlob, plain, gate);
  const facts = readPrivateFacts(c.pkcs8, budgetOf(ctx), errors);
  if (!c.checked) {
    // DSA and EdDSA: the public key was derived from the private one (or the budget said no).
    if (!facts.publicKey) {
      facts.publicKey = spki;
      facts.warnings.push({ code: 'limit_exceeded', message: 'The private key was not checked against the public key: the file used up its budget for key arithmetic' });
    } else if (facts.publicKey.spkiSha256 !== spki.spkiSha256) {
      c.findings.push({ code: 'ppk_private_mismatch', severity: 'error', message: 'The private key does not belong to the public key stored beside it.' });
    }
  }
  const description = describe(f);
  const item = privateKeyItem(ORIGIN, 'ppk', c.pkcs8, facts, { ...(description ? { encryption: description } : {}), comment: f.comment });
  item.container = 'ppk';
  item.findings.push(...c.findings);
  return item;
}

async function keysFor(f: PpkFile, passphrase: string, ctx: ReadContext): Promise<PpkKeys> {
  return f.argon2 ? ppkV3Keys(passphrase, f.argon2, budgetOf(ctx)) : ppkV2Keys(passphrase);
}

function macMatches(f: PpkFile, macKey: Uint8Array, plain: Uint8Array): boolean {
  const mac = ppkMac(f.version, macKey, { algorithm: utf8Encode(f.algorithm), encryption: utf8Encode(f.encryption), comment: f.commentBytes, publicBlob: f.publicBlob, privateBlob: plain });
  return equalBytes(mac, f.mac);
}

/** Reads a `.ppk` file's bytes. Never throws. */
export async function readPpk(bytes: Uint8Array, ctx: ReadContext): Promise<ReadOutcome> {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const out: ReadOutcome = { items: [], errors: [] };
  let f: PpkFile;
  let spki: PublicKeyInfo;
  try {
    f = parsePpk(latin1Decode(bytes.subarray(start)));
    const blob = sshBlobToSpki(f.publicBlob);
    if (blob.type !== f.algorithm) fail('der_invalid', `the PuTTY key says ${f.algorithm.slice(0, 60)} but its public key is ${blob.type}`);
    spki = readSpki(blob.spki);
  } catch (e) {
    return { items: [], errors: [toProblem(e)] };
  }
  const locked = () => lockedKeyItem(ORIGIN, 'ppk', bytes, { algorithm: spki.algorithm, ...(spki.bits ? { bits: spki.bits } : {}), ...(spki.curve ? { curve: spki.curve } : {}), encryption: describe(f)!, comment: f.comment });
  const lockedWith = (p: ReturnType<typeof toProblem>): ReadOutcome => {
    const item = locked();
    item.container = 'ppk';
    return { items: [item], errors: [...out.errors, p] };
  };
  try {
    if (f.encryption !== 'none' && f.encryption !== 'aes256-cbc') fail('unsupported_algorithm', `PuTTY key encryption "${f.encryption.slice(0, 40)}" is not supported (PuTTY writes aes256-cbc)`);
    if (f.encryption === 'none') {
      if (!macMatches(f, f.version === 3 ? new Uint8Array(0) : ppkV2Keys('').macKey, f.privateBlob)) {
        fail('der_invalid', 'the PuTTY key\'s MAC does not match its contents: the file was altered or damaged');
      }
      out.items.push(keyItem(f, f.privateBlob, spki, ctx, out.errors));
      return out;
    }
    if (f.argon2) checkArgon2(f.argon2);
    if (f.privateBlob.length % 16 !== 0) fail('der_invalid', 'the encrypted part of the PuTTY key is not a whole number of AES blocks');
    if (ctx.passwords.length === 0) {
      const item = locked();
      item.container = 'ppk';
      return { items: [item], errors: [] };
    }
    for (const pw of ctx.passwords) {
      const k = await keysFor(f, pw, ctx);
      const plain = await decryptRaw(CIPHERS['AES-256-CBC']!, k.cipherKey, k.iv, f.privateBlob);
      if (!macMatches(f, k.macKey, plain)) continue;
      out.items.push(keyItem(f, plain, spki, ctx, out.errors));
      return out;
    }
    const wrong = passwordWrong('PuTTY key', ctx);
    return lockedWith({ ...wrong, message: `${wrong.message} (or the file was altered: its MAC does not match)` });
  } catch (e) {
    // An encrypted key that cannot be unlocked (hostile costs, the budget, an unknown cipher,
    // damaged parameters) stays listed, locked, beside the reason.
    if (f.encryption !== 'none') return lockedWith(toProblem(e));
    return { items: [], errors: [...out.errors, toProblem(e)] };
  }
}
