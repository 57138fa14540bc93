/**
 * JSON Web Keys and JWK Sets (RFC 7517) → items. Each key is one item: a public key, a private
 * key (with its public half's facts, as any private key here) or, for `kty: "oct"`, a secret
 * key whose octets are never kept; each `x5c` entry is a certificate item, and a key that
 * differs from its first certificate's key is an error finding. `kid`, `use`, `alg`, `key_ops`
 * and the RFC 7638 thumbprint ride along in `item.jwk`; `location` says where the key was
 * (`keys[2] kid "hmac"`).
 *
 * Bounded: JSON size, nesting, keys per set and certificates per file are limited, and key
 * arithmetic draws from the file's budget. Never throws: each bad key becomes one problem
 * naming it, and the other keys are still read.
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes, fromBase64, utf8Encode } from '../bytes.js';
import { atCap, budgetOf, capStopped } from '../budget.js';
import type { ReadContext, ReadOutcome } from '../context.js';
import { toProblem } from '../crypto/errors.js';
import { sha256Hex } from '../hash.js';
import type { CertificateItem, Finding, Item, JwkInfo, Problem, PublicKeyInfo, SecretKeyItem } from '../types.js';
import { readX509Der } from '../x509/index.js';
import { readSpki } from '../x509/spki.js';
import { algFindings } from './jwk-alg.js';
import { fromBase64url } from './jwk-codec.js';
import { readKeyMembers, type JsonObject, type JwkKeyParts } from './jwk-members.js';
import { derivationGate, privateKeyItem, publicKeyItem, readPrivateFacts } from './items.js';

export const JWK_LIMITS = {
  /** JSON text read as a JWK: a set of thousands of keys with certificate chains is a few MiB. */
  bytes: 16 * 1024 * 1024,
  /** Nesting of arrays and objects: a JWK Set with certificates needs 3. */
  depth: 16,
  /**
   * Keys in one set. Identity providers publish a handful. Each key costs ~0.15 ms to read
   * (point checks, DER, hashes) and private keys their checks on top (the file's derivation
   * budget, ~0.5 s): 1,000 distinct private P-521 keys take ~0.65 s here.
   */
  keys: 1_000,
  /** Certificates in one key's `x5c`, and in all of a file's. */
  x5cPerKey: 32,
  x5cPerFile: 1_000,
} as const;

const fmt = (n: number) => n.toLocaleString('en-US');
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const has = (o: JsonObject, name: string) => Object.prototype.hasOwnProperty.call(o, name) && o[name] !== undefined;

/**
 * Whether text is a JSON object that names JWK members: the JWK reader's sniff. A Kubernetes
 * manifest in JSON also starts with `{`; the reader itself gives it back (undefined) unless its
 * top level has `kty` or a `keys` array.
 */
export function looksLikeJwk(text: string): boolean {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) <= 32 || text.charCodeAt(i) === 0xfeff)) i++;
  return text.charCodeAt(i) === 123 /* { */ && (text.includes('"kty"') || text.includes('"keys"'));
}

/**
 * One linear pass over JSON text, strings skipped: how deep arrays and objects nest, and
 * whether the top-level object has a member named "kty" or "keys" (the JWK reader claims
 * nothing else, so a large or deep Kubernetes manifest is never refused as a JWK).
 */
function outline(text: string): { depth: number; jwkMember: boolean } {
  let depth = 0;
  let deepest = 0;
  let jwkMember = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const start = i + 1;
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
      if (depth === 1 && !jwkMember) {
        const name = text.slice(start, i);
        if (name === 'kty' || name === 'keys') {
          let k = i + 1;
          while (k < text.length && text.charCodeAt(k) <= 32) k++;
          jwkMember = text.charCodeAt(k) === 58; /* : */
        }
      }
    } else if (c === 123 || c === 91) {
      if (++depth > deepest) deepest = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return { depth: deepest, jwkMember };
}

function readInfo(o: JsonObject, warnings: Problem[]): JwkInfo {
  const info: JwkInfo = {};
  for (const name of ['kid', 'use', 'alg'] as const) {
    if (!has(o, name)) continue;
    const v = o[name];
    if (typeof v === 'string') info[name] = v;
    else warnings.push({ code: 'der_invalid', message: `member "${name}" is not a string; it was ignored` });
  }
  if (has(o, 'key_ops')) {
    const ops = o.key_ops;
    if (Array.isArray(ops) && ops.every((x) => typeof x === 'string') && new Set(ops).size === ops.length) info.keyOps = ops as string[];
    else warnings.push({ code: 'der_invalid', message: 'member "key_ops" is not an array of distinct strings (RFC 7517 §4.3); it was ignored' });
  }
  return info;
}

/** `keys[2] kid "hmac"`: where the key is, with its kid quoted as JSON (so any character is visible). */
function locationOf(index: number | undefined, kid: string | undefined): string | undefined {
  const shown = kid === undefined ? undefined : JSON.stringify(kid.length > 64 ? `${kid.slice(0, 64)}…` : kid);
  const parts = [index === undefined ? undefined : `keys[${index}]`, shown === undefined ? undefined : `kid ${shown}`].filter((p) => p !== undefined);
  return parts.length ? parts.join(' ') : undefined;
}

function secretItem(parts: JwkKeyParts, info: JwkInfo, location: string | undefined): SecretKeyItem {
  const bits = parts.secret!.length * 8;
  // The octets are not kept: `der` is a description of the key without them, distinct per key
  // of a file so that two keys are never taken for duplicates.
  parts.secret!.fill(0);
  const algorithm = info.alg ?? 'oct';
  const der = utf8Encode(JSON.stringify({ kty: 'oct', location, kid: info.kid, alg: info.alg, bits }));
  return {
    kind: 'secret-key',
    sensitivity: 'private',
    encrypted: false,
    format: 'jwk',
    encoding: 'jwk',
    source: { index: 0 },
    label: `Secret key ${algorithm} ${bits} bits`,
    algorithm,
    bits,
    der,
    sha256: sha256Hex(der),
    findings: [],
    warnings: [],
  };
}

/** The item for one key's members; private-key arithmetic draws from the file's budget. */
function keyItem(parts: JwkKeyParts, info: JwkInfo, location: string | undefined, ctx: ReadContext, errors: Problem[]): Item {
  if (parts.kind === 'secret') return secretItem(parts, info, location);
  if (parts.kind === 'public') return publicKeyItem({ encoding: 'jwk' }, 'jwk', readSpki(parts.spki!));
  const facts = readPrivateFacts(parts.pkcs8!, budgetOf(ctx), errors);
  const findings: Finding[] = [];
  let checked = parts.checked;
  if (parts.derivesPublic) {
    // OKP keys: readPrivateFacts derived the public key from d (or the budget said no).
    const stated = readSpki(parts.spki!);
    checked = facts.publicKey !== undefined;
    if (!facts.publicKey) facts.publicKey = stated;
    else if (facts.publicKey.spkiSha256 !== stated.spkiSha256) findings.push({ code: 'jwk_private_mismatch', severity: 'error', message: 'The private key d does not belong to the public key x.' });
  }
  if (!checked) facts.warnings.push({ code: 'limit_exceeded', message: 'The private members were not checked against the public ones: the file used up its budget for key arithmetic' });
  const item = privateKeyItem({ encoding: 'jwk' }, 'jwk', parts.pkcs8!, facts);
  item.findings.push(...findings);
  return item;
}

function sameKey(a: PublicKeyInfo, b: PublicKeyInfo): boolean {
  if (a.spkiSha256 === b.spkiSha256) return true;
  // An RSA-PSS certificate holds the same key as an RSA JWK under another AlgorithmIdentifier.
  const rsa = (k: PublicKeyInfo) => k.algorithm === 'RSA' || k.algorithm === 'RSA-PSS';
  return rsa(a) && rsa(b) && a.publicHex === b.publicHex && a.exponent === b.exponent;
}

interface SetState {
  out: ReadOutcome;
  certs: number;
  /** Key members already read in this file: copies of a key are read (and cost) once. */
  seen: Map<string, JwkKeyParts>;
}

/** The members that make the key, as one string; undefined for oct keys (their octets are wiped after reading). */
function memberKey(o: JsonObject): string | undefined {
  if (o.kty === 'oct') return undefined;
  return JSON.stringify(['kty', 'crv', 'x', 'y', 'd', 'n', 'e', 'p', 'q', 'dp', 'dq', 'qi', 'oth'].map((m) => o[m]));
}

/** The `x5c` certificates of one key (RFC 7517 §4.7), then the checks that tie them to it. */
function readX5c(o: JsonObject, key: Item | undefined, where: string, location: string | undefined, st: SetState): void {
  if (!has(o, 'x5c')) return;
  const list = o.x5c;
  if (!Array.isArray(list)) {
    st.out.errors.push({ code: 'der_invalid', message: `${where}: member "x5c" must be an array of base64 certificates` });
    return;
  }
  let first: CertificateItem | undefined;
  for (let j = 0; j < list.length; j++) {
    if (j >= JWK_LIMITS.x5cPerKey || st.certs >= JWK_LIMITS.x5cPerFile) {
      st.out.errors.push({ code: 'limit_exceeded', message: `${where}: more than ${fmt(j >= JWK_LIMITS.x5cPerKey ? JWK_LIMITS.x5cPerKey : JWK_LIMITS.x5cPerFile)} certificates ${j >= JWK_LIMITS.x5cPerKey ? 'in one x5c' : 'in this file'}; the rest were not read` });
      break;
    }
    const entry = list[j];
    const at = `${where} x5c[${j}]`;
    // Standard base64 with padding (RFC 7517 §4.7: not base64url).
    const der = typeof entry === 'string' ? fromBase64(entry) : undefined;
    if (!der || der.length === 0) {
      st.out.errors.push({ code: 'base64_invalid', message: `${at} is not a base64 string` });
      continue;
    }
    st.certs++;
    const r = readX509Der(der, { encoding: 'jwk' });
    const cert = r?.items[0];
    if (!r || !cert || cert.kind !== 'certificate' || r.items.length !== 1) {
      st.out.errors.push(...(r?.errors.length ? r.errors.map((e) => ({ ...e, message: `${at}: ${e.message}` })) : [{ code: 'der_invalid' as const, message: `${at} is not an X.509 certificate` }]));
      continue;
    }
    cert.format = 'jwk';
    cert.container = 'jwk';
    cert.location = location ? `${location} x5c[${j}]` : `x5c[${j}]`;
    if (j === 0) first = cert;
    st.out.items.push(cert);
  }
  if (!key || !first) return;
  const keyPk = key.kind === 'public-key' || key.kind === 'private-key' ? key.publicKey : undefined;
  if (keyPk && !sameKey(keyPk, first.publicKey)) {
    key.findings.push({ code: 'jwk_x5c_mismatch', severity: 'error', message: `The key differs from the key of its first x5c certificate (${first.label}): RFC 7517 §4.7 requires them to be the same.` });
  }
  for (const [name, digest] of [['x5t', sha1], ['x5t#S256', sha256]] as const) {
    if (!has(o, name)) continue;
    const want = typeof o[name] === 'string' ? fromBase64url(o[name] as string) : undefined;
    if (!want || !equalBytes(want, digest(first.der))) key.findings.push({ code: 'jwk_x5t_mismatch', severity: 'error', message: `Member "${name}" is not the ${name === 'x5t' ? 'SHA-1' : 'SHA-256'} thumbprint of the first x5c certificate.` });
  }
}

/** One JWK (an object of a set, or the whole file): its key item, then its certificates. */
function readOne(o: unknown, index: number | undefined, ctx: ReadContext, st: SetState): void {
  const where = index === undefined ? 'The JWK' : `keys[${index}]`;
  if (!isObject(o)) {
    st.out.errors.push({ code: 'der_invalid', message: `${where} is not a JSON object` });
    return;
  }
  const warnings: Problem[] = [];
  const info = readInfo(o, warnings);
  const location = locationOf(index, info.kid);
  const named = location ?? where;
  let key: Item | undefined;
  try {
    const memo = memberKey(o);
    let parts = memo === undefined ? undefined : st.seen.get(memo);
    if (!parts) {
      parts = readKeyMembers(o, derivationGate(budgetOf(ctx), st.out.errors));
      if (memo !== undefined) st.seen.set(memo, parts);
    }
    key = keyItem(parts, info, location, ctx, st.out.errors);
    if (parts.thumbprint) info.thumbprint = parts.thumbprint;
    key.container = 'jwk';
    if (location) key.location = location;
    key.jwk = info;
    key.warnings.push(...parts.warnings.map((w) => ({ ...w })), ...warnings);
    const octBits = key.kind === 'secret-key' ? key.bits : undefined;
    key.findings.push(...parts.findings.map((f) => ({ ...f })), ...algFindings(info.alg, o.kty as string, parts.curve ?? (typeof o.crv === 'string' ? o.crv : undefined), octBits));
    if (has(o, 'x5u')) key.findings.push({ code: 'jwk_x5u_not_fetched', severity: 'info', message: 'The key names a certificate URL (x5u); it is not fetched: this app never uses the network.' });
    st.out.items.push(key);
  } catch (e) {
    const p = toProblem(e);
    st.out.errors.push({ ...p, message: `${named}: ${p.message}` });
  }
  readX5c(o, key, named, location, st);
}

/**
 * Reads a JWK or a JWK Set. Undefined when the text is JSON but neither (a Kubernetes manifest,
 * say): another reader may claim it.
 */
export function readJwkText(text: string, ctx: ReadContext): ReadOutcome | undefined {
  const shape = outline(text);
  if (!shape.jwkMember) return undefined;
  if (text.length > JWK_LIMITS.bytes) {
    return { items: [], errors: [{ code: 'limit_exceeded', message: `This JSON text is over ${JWK_LIMITS.bytes / 1024 / 1024} MiB, more than any JWK Set needs; it was not read.` }] };
  }
  if (shape.depth > JWK_LIMITS.depth) {
    return { items: [], errors: [{ code: 'limit_exceeded', message: `This JSON nests arrays and objects more than ${JWK_LIMITS.depth} deep; a JWK Set needs 3. It was not read.` }] };
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { items: [], errors: [{ code: 'der_invalid', message: 'This text looks like a JWK or JWK Set (it names "kty" or "keys") but is not valid JSON: it may be truncated or damaged.', detail: e instanceof Error ? e.message : String(e) }] };
  }
  if (!isObject(doc)) return undefined;
  const st: SetState = { out: { items: [], errors: [] }, certs: 0, seen: new Map() };
  if (Array.isArray(doc.keys)) {
    const keys = doc.keys as unknown[];
    for (let i = 0; i < keys.length; i++) {
      if (atCap(st.out)) return capStopped(st.out);
      if (i >= JWK_LIMITS.keys) {
        st.out.errors.push({ code: 'limit_exceeded', message: `This JWK Set has ${fmt(keys.length)} keys, more than the ${fmt(JWK_LIMITS.keys)} read from one file; the rest were not read.` });
        break;
      }
      readOne(keys[i], i, ctx, st);
    }
    return st.out;
  }
  if (typeof doc.kty !== 'string') return undefined;
  readOne(doc, undefined, ctx, st);
  return st.out;
}
