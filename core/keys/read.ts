/**
 * Entry points for keys: PEM blocks by label, DER by structure. Never throw: failures become
 * Problems; a key that is merely locked is an item, not an error.
 */
import { fromHex } from '../bytes.js';
import { budgetOf } from '../budget.js';
import type { Origin, ReadContext, ReadOutcome } from '../context.js';
import { TAG, children, readOid, readRoot, readSmallInt, type Tlv } from '../der.js';
import { CIPHERS, decryptCbc } from '../crypto/cipher.js';
import { ReadFailure, fail, toProblem } from '../crypto/errors.js';
import { evpBytesToKey } from '../crypto/kdf.js';
import { CURVE_NAMES } from '../oids.js';
import type { PemBlock } from '../pem.js';
import { readPkcs12, isPfx } from '../pkcs12/read.js';
import type { Format, KeyAlgorithm, ParametersItem } from '../types.js';
import { namedCurveOf } from '../x509/ec-curves.js';
import { readSpki } from '../x509/spki.js';
import { sha256Hex } from '../hash.js';
import { bitLength } from '../bytes.js';
import { value } from '../der.js';
import { lockedKeyItem, passwordWrong, privateKeyItem, publicKeyItem, readPrivateFacts, secretOf, sourceOf } from './items.js';
import { readOpensshPrivate } from './openssh.js';
import { parsePbe } from './pbe.js';
import { dsaToPkcs8, pkcs1ToPkcs8, sec1ToPkcs8 } from './pkcs8.js';
import { rsaSpki } from './spki-build.js';

type Shape = 'spki' | 'pkcs8' | 'encrypted-pkcs8' | 'pkcs1' | 'rsa-public' | 'sec1' | 'dsa' | 'pfx';

const TRADITIONAL: Record<string, { format: Format; algorithm: KeyAlgorithm; toPkcs8(der: Uint8Array): Uint8Array }> = {
  'RSA PRIVATE KEY': { format: 'pkcs1', algorithm: 'RSA', toPkcs8: pkcs1ToPkcs8 },
  'EC PRIVATE KEY': { format: 'sec1', algorithm: 'EC', toPkcs8: (d) => sec1ToPkcs8(d) },
  'DSA PRIVATE KEY': { format: 'dsa', algorithm: 'DSA', toPkcs8: dsaToPkcs8 },
};

const isInt = (t: Tlv | undefined) => t?.tag === TAG.INTEGER;

function shapeOf(root: Tlv): Shape | undefined {
  if (root.tag !== TAG.SEQUENCE) return undefined;
  const c = children(root);
  const [a, b, d] = c;
  if (c.length === 2 && a?.tag === TAG.SEQUENCE && b?.tag === TAG.BIT_STRING) return 'spki';
  if (c.length === 2 && a?.tag === TAG.SEQUENCE && b?.tag === TAG.OCTET_STRING) return 'encrypted-pkcs8';
  if (c.length >= 3 && isInt(a) && b?.tag === TAG.SEQUENCE && d?.tag === TAG.OCTET_STRING) return 'pkcs8';
  if (c.length >= 2 && isInt(a) && b?.tag === TAG.SEQUENCE && isPfx(root)) return 'pfx';
  if (c.length >= 2 && isInt(a) && b?.tag === TAG.OCTET_STRING && readSmallInt(a!) === 1) return 'sec1';
  if (c.every(isInt)) {
    if (c.length >= 9 && readSmallInt(a!) <= 1) return 'pkcs1';
    if (c.length === 6 && readSmallInt(a!) === 0) return 'dsa';
    if (c.length === 2) return 'rsa-public';
  }
  return undefined;
}

function privateFromPkcs8(pkcs8: Uint8Array, format: Format, origin: Origin, ctx: ReadContext, encryption?: string): ReadOutcome {
  const errors: ReadOutcome['errors'] = [];
  const facts = readPrivateFacts(pkcs8, budgetOf(ctx), errors);
  return { items: [privateKeyItem(origin, format, pkcs8, facts, encryption ? { encryption } : {})], errors };
}

/** A refusal by the file's work budget: the key stays listed, locked, beside the reason. */
function budgetRefusal(e: unknown): ReadOutcome['errors'][number] | undefined {
  return e instanceof ReadFailure && e.code === 'limit_exceeded' ? toProblem(e) : undefined;
}

/** Reports unsupported or over-limit schemes beside the locked item, rethrows anything else. */
function schemeProblem(e: unknown) {
  if (e instanceof ReadFailure && (e.code === 'unsupported_algorithm' || e.code === 'limit_exceeded')) return toProblem(e);
  throw e;
}

async function readEncryptedPkcs8(root: Tlv, ctx: ReadContext, origin: Origin): Promise<ReadOutcome> {
  const [algId, data] = children(root);
  const der = root.bytes.subarray(root.start, root.end);
  let scheme;
  try {
    scheme = parsePbe(algId!);
  } catch (e) {
    return { items: [lockedKeyItem(origin, 'pkcs8', der, {})], errors: [schemeProblem(e)] };
  }
  const locked = lockedKeyItem(origin, 'pkcs8', der, { encryption: scheme.description });
  if (ctx.passwords.length === 0) return { items: [locked], errors: [] };
  for (const pw of ctx.passwords) {
    let plain: Uint8Array | undefined;
    try {
      plain = await scheme.decrypt(secretOf(pw), value(data!), budgetOf(ctx));
    } catch (e) {
      const refused = budgetRefusal(e);
      if (refused) return { items: [locked], errors: [refused] };
      throw e;
    }
    if (!plain) continue;
    try {
      return privateFromPkcs8(plain.slice(), 'pkcs8', origin, ctx, scheme.description);
    } catch {
      // Padding happened to look right, but this is not a key: the password was wrong.
    }
  }
  return { items: [locked], errors: [passwordWrong('private key', ctx)] };
}

async function readByShape(bytes: Uint8Array, root: Tlv, shape: Shape, ctx: ReadContext, origin: Origin, fileBytes: Uint8Array): Promise<ReadOutcome> {
  switch (shape) {
    case 'spki':
      return { items: [publicKeyItem(origin, 'spki', readSpki(root))], errors: [] };
    case 'rsa-public': {
      const [n, e] = children(root);
      return { items: [publicKeyItem(origin, 'pkcs1', readSpki(rsaSpki(value(n!), value(e!))))], errors: [] };
    }
    case 'pkcs8':
      return privateFromPkcs8(bytes, 'pkcs8', origin, ctx);
    case 'encrypted-pkcs8':
      return readEncryptedPkcs8(root, ctx, origin);
    case 'pkcs1':
      return privateFromPkcs8(pkcs1ToPkcs8(bytes), 'pkcs1', origin, ctx);
    case 'sec1':
      return privateFromPkcs8(sec1ToPkcs8(bytes), 'sec1', origin, ctx);
    case 'dsa':
      return privateFromPkcs8(dsaToPkcs8(bytes), 'dsa', origin, ctx);
    case 'pfx':
      return readPkcs12(fileBytes, ctx, origin);
  }
}

/** DER recognised by structure; undefined when it is no key structure we know. */
export async function readKeyDer(der: Uint8Array, ctx: ReadContext): Promise<ReadOutcome | undefined> {
  let root: Tlv;
  let shape: Shape | undefined;
  try {
    root = readRoot(der);
    shape = shapeOf(root);
  } catch {
    // BER (indefinite lengths) is common in PKCS#12 from other tools.
    return isPfxBer(der) ? readPkcs12(der, ctx, { encoding: 'der' }) : undefined;
  }
  if (!shape) return undefined;
  try {
    return await readByShape(der, root, shape, ctx, { encoding: 'der' }, der);
  } catch (e) {
    return { items: [], errors: [toProblem(e)] };
  }
}

function isPfxBer(der: Uint8Array): boolean {
  try {
    return isPfx(readRoot(der, { notes: [] }));
  } catch {
    return false;
  }
}

function header(block: PemBlock, name: string): string | undefined {
  const k = Object.keys(block.headers).find((h) => h.toLowerCase() === name.toLowerCase());
  return k === undefined ? undefined : block.headers[k];
}

const DEK_CIPHERS: Record<string, string> = {
  'AES-128-CBC': 'AES-128-CBC',
  'AES-192-CBC': 'AES-192-CBC',
  'AES-256-CBC': 'AES-256-CBC',
  'DES-EDE3-CBC': 'DES-EDE3-CBC',
  'DES-CBC': 'DES-CBC',
};

/** OpenSSL's `Proc-Type: 4,ENCRYPTED` keys: EVP_BytesToKey(MD5, password, IV[0..8]) + CBC. */
async function readLegacyEncrypted(block: PemBlock, ctx: ReadContext, origin: Origin): Promise<ReadOutcome> {
  const trad = TRADITIONAL[block.label];
  const format: Format = trad?.format ?? 'pkcs8';
  const dek = header(block, 'DEK-Info') ?? '';
  const [cipherName = '', ivHex = ''] = dek.split(',').map((s) => s.trim());
  const spec = CIPHERS[DEK_CIPHERS[cipherName.toUpperCase()] ?? ''];
  const facts = { ...(trad ? { algorithm: trad.algorithm } : {}), encryption: `OpenSSL legacy PEM encryption (${cipherName || 'no DEK-Info'})` };
  const locked = lockedKeyItem(origin, format, block.der, facts);
  if (!spec) return { items: [locked], errors: [{ code: 'unsupported_algorithm', message: `Legacy PEM cipher "${cipherName}" is not supported` }] };
  const iv = fromHex(ivHex);
  if (!/^[0-9a-fA-F]+$/.test(ivHex) || iv.length !== spec.ivLen) fail('der_invalid', `DEK-Info IV "${ivHex}" is not ${spec.ivLen} bytes of hex`);
  if (ctx.passwords.length === 0) return { items: [locked], errors: [] };
  for (const pw of ctx.passwords) {
    let key: Uint8Array;
    try {
      key = await evpBytesToKey(secretOf(pw).utf8, iv.subarray(0, 8), spec.keyLen, budgetOf(ctx));
    } catch (e) {
      const refused = budgetRefusal(e);
      if (refused) return { items: [locked], errors: [refused] };
      throw e;
    }
    const plain = await decryptCbc(spec, key, iv, block.der);
    if (!plain) continue;
    try {
      const pkcs8 = trad ? trad.toPkcs8(plain.slice()) : plain.slice();
      return privateFromPkcs8(pkcs8, format, origin, ctx, facts.encryption);
    } catch {
      // Wrong password whose padding happened to verify.
    }
  }
  return { items: [locked], errors: [passwordWrong('private key', ctx)] };
}

function readParameters(block: PemBlock, origin: Origin): ReadOutcome {
  const root = readRoot(block.der);
  const item: ParametersItem = {
    kind: 'parameters',
    sensitivity: 'public',
    encrypted: false,
    format: 'pem',
    encoding: origin.encoding,
    source: sourceOf(origin),
    label: '',
    der: block.der,
    sha256: sha256Hex(block.der),
    findings: [],
    warnings: [],
  };
  if (block.label === 'EC PARAMETERS') {
    item.algorithm = 'EC';
    if (root.tag === TAG.OID) {
      const oid = readOid(root);
      item.curve = CURVE_NAMES[oid] ?? oid;
    } else item.curve = namedCurveOf(root)?.name ?? 'explicit parameters';
    item.label = `EC parameters ${item.curve}${root.tag === TAG.SEQUENCE ? ' (explicit)' : ''}`;
  } else {
    // DSA and DH parameters both start with the prime p (PKCS#3 DHParameter, RFC 3279 Dss-Parms, X9.42 DomainParameters).
    const family = block.label === 'DSA PARAMETERS' ? 'DSA' : 'DH';
    item.algorithm = family;
    const [p] = children(root);
    item.label = p?.tag === TAG.INTEGER ? `${family} parameters ${bitLength(value(p))}` : `${family} parameters`;
  }
  return { items: [item], errors: [] };
}

const PEM_SHAPES: Record<string, Shape[]> = {
  'PUBLIC KEY': ['spki'],
  'RSA PUBLIC KEY': ['rsa-public'],
  'PRIVATE KEY': ['pkcs8'],
  'ENCRYPTED PRIVATE KEY': ['encrypted-pkcs8'],
  'RSA PRIVATE KEY': ['pkcs1'],
  'EC PRIVATE KEY': ['sec1'],
  'DSA PRIVATE KEY': ['dsa'],
  PKCS12: ['pfx'],
};

export async function readKeyPem(block: PemBlock, ctx: ReadContext): Promise<ReadOutcome> {
  const origin: Origin = { encoding: 'pem', pemLabel: block.label, line: block.line };
  try {
    if (/ENCRYPTED/i.test(header(block, 'Proc-Type') ?? '')) return await readLegacyEncrypted(block, ctx, origin);
    if (/^(EC|DSA|DH|X9\.42 DH) PARAMETERS$/.test(block.label)) return readParameters(block, origin);
    if (block.label === 'OPENSSH PRIVATE KEY') return await readOpensshPrivate(block.der, ctx, origin, block.der);
    const want = PEM_SHAPES[block.label];
    if (!want) return { items: [], errors: [{ code: 'unknown_format', message: `PEM label "${block.label}" is not a key label` }] };
    let root: Tlv;
    let shape: Shape | undefined;
    try {
      root = readRoot(block.der);
      shape = shapeOf(root);
    } catch (e) {
      if (block.label === 'PKCS12' && isPfxBer(block.der)) return await readPkcs12(block.der, ctx, origin);
      throw e;
    }
    if (!shape || !want.includes(shape)) {
      return { items: [], errors: [{ code: 'der_invalid', message: `The ${block.label} block on line ${block.line} does not hold the structure its label names` }] };
    }
    return await readByShape(block.der, root, shape, ctx, origin, block.der);
  } catch (e) {
    return { items: [], errors: [toProblem(e)] };
  }
}
