/**
 * Java keystores: JKS (sun.security.provider.JavaKeyStore) and JCEKS (com.sun.crypto.provider.
 * JceKeyStore), both big-endian:
 *
 *   magic u32 (FEEDFEED JKS, CECECECE JCEKS) · version u32 (1 or 2) · count u32 · entries · SHA-1(20)
 *   entry: tag u32 · alias UTF · date u64 (ms) · then by tag
 *     1 private key:  u32 length + EncryptedPrivateKeyInfo DER · u32 chain length · certificates
 *     2 trusted cert: certificate
 *     3 secret key (JCEKS): a Java-serialized SealedObjectForKeyProtector
 *   certificate: [version 2: type UTF, "X.509"] · u32 length + DER
 *
 * Without a password every certificate is listed (they are stored in the clear) with a finding
 * that the store's integrity was not checked, and keys are locked items. With passwords, the one
 * that matches the integrity hash is the store password; each key entry is tried with every
 * password (key passwords may differ from the store password).
 */
import { atCap, budgetOf, capStopped } from '../budget.js';
import type { Origin, ReadContext, ReadOutcome } from '../context.js';
import { DerError, TAG, children, readOid, readRoot, readSmallInt, value } from '../der.js';
import { ReadFailure, fail, toProblem } from '../crypto/errors.js';
import { utf8Encode } from '../bytes.js';
import { sha256Hex } from '../hash.js';
import { lockedKeyItem, privateKeyItem, readPrivateFacts } from '../keys/items.js';
import { readPkcs8 } from '../keys/pkcs8.js';
import type { CertificateItem, Finding, Problem, SecretKeyItem } from '../types.js';
import { readX509Der } from '../x509/index.js';
import { readJavaObject, type JavaObject, type JavaValue } from './java-serial.js';
import { JKS_KEY_PROTECTOR, PBE_MD5_3DES, integrityMatches, jksUnprotect, pbeMd5TripleDes } from './protect.js';

type StoreKind = 'jks' | 'jceks';
const NAMES: Record<StoreKind, string> = { jks: 'JKS keystore', jceks: 'JCEKS keystore' };

/** Entries one keystore may hold; keytool-made stores hold a handful, Java's cacerts ~150. */
export const MAX_KEYSTORE_ENTRIES = 100_000;
/** The least an entry can take: tag, empty alias, date, and a zero-length certificate. */
const MIN_ENTRY_BYTES = 4 + 2 + 8 + 4;

interface Entry {
  tag: number;
  alias: string;
  protectedKey?: Uint8Array;
  certs: Uint8Array[];
  sealed?: JavaObject;
}

class Cursor {
  constructor(
    readonly b: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {}
  need(n: number, what: string): void {
    if (this.pos + n > this.end) fail('der_invalid', `the keystore is cut short inside ${what}`);
  }
  u16(what: string): number {
    this.need(2, what);
    const v = (this.b[this.pos]! << 8) | this.b[this.pos + 1]!;
    this.pos += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const v = ((this.b[this.pos]! << 24) | (this.b[this.pos + 1]! << 16) | (this.b[this.pos + 2]! << 8) | this.b[this.pos + 3]!) >>> 0;
    this.pos += 4;
    return v;
  }
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  utf(what: string): string {
    const raw = this.bytes(this.u16(what), what);
    return new TextDecoder('utf-8', { fatal: false }).decode(raw);
  }
}

function readCertificate(c: Cursor, version: number, what: string): Uint8Array {
  if (version === 2) {
    const type = c.utf(`the type of ${what}`);
    if (type !== 'X.509') fail('unsupported_algorithm', `${what} is a "${type}" certificate; only X.509 is read`);
  }
  return c.bytes(c.u32(what), what);
}

function readEntry(c: Cursor, version: number, kind: StoreKind): Entry {
  const tag = c.u32('an entry tag');
  const alias = c.utf('an alias');
  c.bytes(8, `the date of "${alias}"`);
  const entry: Entry = { tag, alias, certs: [] };
  if (tag === 1) {
    entry.protectedKey = c.bytes(c.u32(`the key of "${alias}"`), `the key of "${alias}"`);
    const n = c.u32(`the chain of "${alias}"`);
    if (n * 4 > c.end - c.pos) fail('der_invalid', `the chain of "${alias}" claims ${n} certificates, more than the file holds`);
    for (let i = 0; i < n; i++) entry.certs.push(readCertificate(c, version, `certificate ${i} of "${alias}"`));
  } else if (tag === 2) {
    entry.certs.push(readCertificate(c, version, `the certificate of "${alias}"`));
  } else if (tag === 3 && kind === 'jceks') {
    const { value: v, end } = readJavaObject(c.b.subarray(0, c.end), c.pos);
    c.pos = end;
    if (!isObject(v) || !(v.fields.get('encryptedContent') instanceof Uint8Array)) fail('der_invalid', `the secret key entry "${alias}" does not hold a sealed key`);
    entry.sealed = v;
  } else fail('der_invalid', `the entry "${alias}" has the unknown tag ${tag}`);
  return entry;
}

const isObject = (v: JavaValue): v is JavaObject => typeof v === 'object' && v !== null && 'className' in v;

const describe = (alias: string, what: string) => `alias "${alias}" (${what} entry)`;
const fmt = (n: number) => n.toLocaleString('en-US');

export async function readKeystore(bytes: Uint8Array, ctx: ReadContext): Promise<ReadOutcome> {
  const kind: StoreKind = bytes[0] === 0xfe ? 'jks' : 'jceks';
  const name = NAMES[kind];
  const out: ReadOutcome = { items: [], errors: [] };
  const entries: Entry[] = [];
  let digest: Uint8Array | undefined;
  let body: Uint8Array | undefined;
  const c = new Cursor(bytes, 4, bytes.length - 20 >= 12 ? bytes.length - 20 : bytes.length);
  try {
    const version = c.u32('the header');
    if (version !== 1 && version !== 2) fail('der_invalid', `the ${name} has version ${version}; Java writes 1 or 2`);
    const count = c.u32('the header');
    if (count * MIN_ENTRY_BYTES > c.end - c.pos) fail('der_invalid', `the ${name} says it holds ${fmt(count)} entries, more than its ${fmt(bytes.length)} bytes can`);
    if (count > MAX_KEYSTORE_ENTRIES) fail('limit_exceeded', `the ${name} holds ${fmt(count)} entries, more than the ${fmt(MAX_KEYSTORE_ENTRIES)} read`);
    for (let i = 0; i < count; i++) entries.push(readEntry(c, version, kind));
    if (c.pos !== bytes.length - 20) fail('der_invalid', `the ${name} has ${fmt(bytes.length - 20 - c.pos)} bytes after its last entry`);
    body = bytes.subarray(0, c.pos);
    digest = bytes.subarray(c.pos);
  } catch (e) {
    const p = toProblem(e);
    out.errors.push({ code: p.code, message: `This ${name} is damaged: ${p.message}.` });
  }

  const storePassword = digest && body ? ctx.passwords.find((pw) => integrityMatches(pw, body!, digest!)) : undefined;
  let integrity: Finding | undefined;
  if (!digest) integrity = { code: 'keystore_integrity_unchecked', severity: 'warning', message: `The ${name} is damaged, so its integrity hash could not be checked.` };
  else if (ctx.passwords.length === 0) integrity = { code: 'keystore_integrity_unchecked', severity: 'warning', message: `The ${name}'s integrity hash was not checked: give the store password to prove its certificates are as they were saved.` };
  else if (storePassword === undefined) {
    integrity = { code: 'keystore_integrity_failed', severity: 'warning', message: `The ${name}'s integrity hash matches none of the given passwords: the store password is wrong or missing, or the file was altered.` };
    out.errors.push({
      code: 'password_wrong',
      message: `${ctx.passwords.length === 1 ? 'The given password does not' : `None of the ${ctx.passwords.length} given passwords`} match${ctx.passwords.length === 1 ? '' : 'es'} this ${name}'s integrity hash: the store password is wrong, or the file was altered after it was saved. Its certificates are listed unchecked.`,
    });
  }
  const passwords = storePassword === undefined ? ctx.passwords : [storePassword, ...ctx.passwords.filter((p) => p !== storePassword)];

  for (const entry of entries) {
    if (atCap(out)) return capStopped(out);
    try {
      if (entry.tag === 1) await readKeyEntry(entry, kind, passwords, storePassword, ctx, out);
      else if (entry.tag === 3) await readSecretEntry(entry, passwords, storePassword, ctx, out);
      addCertificates(entry, kind, entry.tag === 1 ? 'private key' : 'trusted certificate', out, integrity);
    } catch (e) {
      const p = toProblem(e);
      out.errors.push({ code: p.code, message: `${describe(entry.alias, entryWhat(entry.tag))}: ${p.message}` });
    }
  }
  if (entries.length === 0 && out.errors.length === 0) out.errors.push({ code: 'unknown_format', message: `This ${name} holds no entries.` });
  return out;
}

const entryWhat = (tag: number) => (tag === 1 ? 'private key' : tag === 2 ? 'trusted certificate' : 'secret key');

function addCertificates(entry: Entry, kind: StoreKind, what: string, out: ReadOutcome, integrity: Finding | undefined): void {
  entry.certs.forEach((der, i) => {
    const location = describe(entry.alias, what) + (entry.tag === 1 ? ` chain[${i}]` : '');
    const r = readX509Der(der.slice(), { encoding: kind, container: kind, location });
    if (!r || r.items.length !== 1 || r.items[0]!.kind !== 'certificate') {
      out.errors.push({ code: 'der_invalid', message: `${location}: the certificate is damaged and cannot be read.` });
      return;
    }
    for (const item of r.items) {
      item.location = location;
      if (integrity) item.findings.push({ ...integrity });
      out.items.push(item);
    }
    for (const e of r.errors) out.errors.push({ ...e, message: `${location}: ${e.message}` });
  });
}

/** The EncryptedPrivateKeyInfo of a key entry: its protection OID, parameters and data. */
function protection(der: Uint8Array): { oid: string; params?: ReturnType<typeof children>[number]; data: Uint8Array } {
  const root = readRoot(der);
  const [algId, data] = children(root);
  if (algId?.tag !== TAG.SEQUENCE || data?.tag !== TAG.OCTET_STRING) throw new DerError('expected an EncryptedPrivateKeyInfo', 0);
  const [oidT, params] = children(algId);
  return { oid: readOid(oidT!), ...(params ? { params } : {}), data: value(data) };
}

function pbeParams(params: ReturnType<typeof children>[number] | undefined): { salt: Uint8Array; iterations: number } {
  if (!params || params.tag !== TAG.SEQUENCE) fail('der_invalid', 'PBEWithMD5AndTripleDES without its parameters');
  const [saltT, iterT] = children(params);
  if (saltT?.tag !== TAG.OCTET_STRING || iterT?.tag !== TAG.INTEGER) fail('der_invalid', 'PBEWithMD5AndTripleDES parameters are not { salt, iterations }');
  let iterations: number;
  try {
    iterations = readSmallInt(iterT);
  } catch {
    fail('limit_exceeded', 'a PBEWithMD5AndTripleDES iteration count is far above any limit');
  }
  return { salt: value(saltT), iterations };
}

async function readKeyEntry(entry: Entry, kind: StoreKind, passwords: string[], storePassword: string | undefined, ctx: ReadContext, out: ReadOutcome): Promise<void> {
  const location = describe(entry.alias, 'private key');
  const origin: Origin = { encoding: kind, container: kind, location };
  const der = entry.protectedKey!.slice();
  const p = protection(der);
  const encryption = p.oid === JKS_KEY_PROTECTOR ? 'JKS key protector (SHA-1 stream)' : p.oid === PBE_MD5_3DES ? `PBEWithMD5AndTripleDES (${fmt(pbeParams(p.params).iterations)} iterations)` : undefined;
  // The chain's first certificate tells what the locked key is.
  const leaf = entry.certs[0] && readX509Der(entry.certs[0], { encoding: kind })?.items[0];
  const pk = leaf?.kind === 'certificate' ? (leaf as CertificateItem).publicKey : undefined;
  const locked = () => {
    const item = lockedKeyItem(origin, 'pkcs8', der, {
      ...(pk && pk.algorithm !== 'unknown' ? { algorithm: pk.algorithm } : {}),
      ...(pk?.bits !== undefined ? { bits: pk.bits } : {}),
      ...(pk?.curve !== undefined ? { curve: pk.curve } : {}),
      ...(encryption ? { encryption } : {}),
    });
    item.location = location;
    return item;
  };
  if (!encryption) {
    out.items.push(locked());
    out.errors.push({ code: 'unsupported_algorithm', message: `${location}: the key is protected with ${p.oid}, which is not read` });
    return;
  }
  for (const pw of passwords) {
    let plain: Uint8Array | undefined;
    try {
      plain = p.oid === JKS_KEY_PROTECTOR ? jksUnprotect(pw, p.data) : await pbeMd5TripleDes(pw, pbeParams(p.params).salt, pbeParams(p.params).iterations, p.data, budgetOf(ctx), pw === storePassword);
    } catch (e) {
      if (e instanceof ReadFailure && e.code === 'limit_exceeded') {
        out.items.push(locked());
        out.errors.push({ code: 'limit_exceeded', message: `${location}: ${e.message}` });
        return;
      }
      throw e;
    }
    if (!plain) continue;
    try {
      readPkcs8(plain, () => false);
    } catch {
      plain.fill(0);
      continue; // padding that happened to verify: a wrong password
    }
    const errors: Problem[] = [];
    const item = privateKeyItem(origin, 'pkcs8', plain, readPrivateFacts(plain, budgetOf(ctx), errors), { encryption });
    item.location = location;
    out.items.push(item);
    for (const e of errors) out.errors.push(e);
    return;
  }
  out.items.push(locked());
  if (passwords.length) out.errors.push({ code: 'password_wrong', message: `${passwords.length === 1 ? 'The given password does not unlock' : `None of the ${passwords.length} given passwords unlocks`} the ${location}` });
}

async function readSecretEntry(entry: Entry, passwords: string[], storePassword: string | undefined, ctx: ReadContext, out: ReadOutcome): Promise<void> {
  const location = describe(entry.alias, 'secret key');
  const sealed = entry.sealed!;
  const sealAlg = sealed.fields.get('sealAlg');
  const params = sealed.fields.get('encodedParams');
  const content = sealed.fields.get('encryptedContent') as Uint8Array;
  const der = utf8Encode(JSON.stringify({ keystore: 'jceks', alias: entry.alias, sealAlg: typeof sealAlg === 'string' ? sealAlg : null, sealedSha256: sha256Hex(content) }));
  const item: SecretKeyItem = {
    kind: 'secret-key',
    sensitivity: 'private',
    encrypted: true,
    format: 'jceks',
    encoding: 'jceks',
    container: 'jceks',
    location,
    source: { index: 0 },
    label: 'Secret key (locked)',
    // No key material is kept: `der` describes the entry — its alias, how it is sealed and a
    // digest of the sealed (encrypted) bytes — so that each entry has a fingerprint of its own,
    // equal only for a copy of the same sealed entry (as a JWK `oct` key's description is).
    der,
    sha256: sha256Hex(der),
    findings: [],
    warnings: [],
  };
  out.items.push(item);
  if (sealAlg !== 'PBEWithMD5AndTripleDES' || !(params instanceof Uint8Array)) {
    out.errors.push({ code: 'unsupported_algorithm', message: `${location}: the key is sealed with ${String(sealAlg)}, which is not read` });
    return;
  }
  const { salt, iterations } = pbeParams(readRoot(params));
  item.encryption = `PBEWithMD5AndTripleDES (${fmt(iterations)} iterations)`;
  for (const pw of passwords) {
    let plain: Uint8Array | undefined;
    try {
      plain = await pbeMd5TripleDes(pw, salt, iterations, content, budgetOf(ctx), pw === storePassword);
    } catch (e) {
      if (e instanceof ReadFailure && e.code === 'limit_exceeded') {
        out.errors.push({ code: 'limit_exceeded', message: `${location}: ${e.message}` });
        return;
      }
      throw e;
    }
    if (!plain) continue;
    let key: { algorithm: string; length: number } | undefined;
    try {
      key = secretKeyFacts(readJavaObject(plain, 0).value);
    } catch {
      key = undefined;
    }
    plain.fill(0);
    if (!key) continue;
    item.encrypted = false;
    item.algorithm = key.algorithm;
    item.bits = key.length * 8;
    item.label = `${key.algorithm} ${item.bits}-bit secret key`;
    return;
  }
  if (passwords.length) out.errors.push({ code: 'password_wrong', message: `${passwords.length === 1 ? 'The given password does not unlock' : `None of the ${passwords.length} given passwords unlocks`} the ${location}` });
}

/** A SecretKeySpec { algorithm, key } or KeyRep { algorithm, encoded }: the algorithm and key length only. */
function secretKeyFacts(v: JavaValue): { algorithm: string; length: number } | undefined {
  if (!isObject(v)) return undefined;
  const algorithm = v.fields.get('algorithm');
  const key = v.fields.get('key') ?? v.fields.get('encoded');
  if (typeof algorithm !== 'string' || !(key instanceof Uint8Array)) return undefined;
  const length = key.length;
  key.fill(0);
  return { algorithm, length };
}

