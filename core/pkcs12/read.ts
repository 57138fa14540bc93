/**
 * PKCS#12 (RFC 7292):
 *
 *   PFX ::= SEQUENCE { version INTEGER {v3(3)}, authSafe ContentInfo, macData MacData OPTIONAL }
 *   MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
 *   AuthenticatedSafe ::= SEQUENCE OF ContentInfo  -- data | encryptedData | envelopedData
 *   SafeContents ::= SEQUENCE OF SafeBag
 *   SafeBag ::= SEQUENCE { bagId OID, bagValue [0] EXPLICIT ANY, bagAttributes SET OF Attribute OPTIONAL }
 *
 * Without a working password the file is one locked `pkcs12` item; with one it expands into its
 * certificates, CRLs and keys in bag order. The MAC decides which password is right.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { concatByteList, equalBytes, toHex } from '../bytes.js';
import { atCap, budgetOf, capStopped, type WorkBudget } from '../budget.js';
import type { Origin, ReadContext, ReadOutcome } from '../context.js';
import { DerError, TAG, children, ctx as ctxTag, readOid, readRoot, readSmallInt, value, type Leniency, type Tlv } from '../der.js';
import { LIMITS, ReadFailure, checkLimit, fail, toProblem } from '../crypto/errors.js';
import { PKCS12_MAC, checkPkcs12Kdf, hashFn, pkcs12Kdf, type HashName } from '../crypto/kdf.js';
import { sha256Hex } from '../hash.js';
import { OID } from '../oids.js';
import type { Item, Pkcs12Item, Problem } from '../types.js';
import { readX509Der } from '../x509/index.js';
import { passwordWrong, privateKeyItem, readPrivateFacts, secretOf, sourceOf } from '../keys/items.js';
import { HMAC_PRFS, PBE_OID, parseKdf, parsePbe, type Secret } from '../keys/pbe.js';

const BAG = {
  key: '1.2.840.113549.1.12.10.1.1',
  shroudedKey: '1.2.840.113549.1.12.10.1.2',
  cert: '1.2.840.113549.1.12.10.1.3',
  crl: '1.2.840.113549.1.12.10.1.4',
  secret: '1.2.840.113549.1.12.10.1.5',
  safeContents: '1.2.840.113549.1.12.10.1.6',
} as const;
const X509_CERT = '1.2.840.113549.1.9.22.1';
const X509_CRL = '1.2.840.113549.1.9.23.1';
const FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const LOCAL_KEY_ID = '1.2.840.113549.1.9.21';

const DIGESTS: Record<string, HashName> = {
  '1.3.14.3.2.26': 'SHA-1',
  '2.16.840.1.101.3.4.2.4': 'SHA-224',
  '2.16.840.1.101.3.4.2.1': 'SHA-256',
  '2.16.840.1.101.3.4.2.2': 'SHA-384',
  '2.16.840.1.101.3.4.2.3': 'SHA-512',
  '2.16.840.1.101.3.4.2.5': 'SHA-512/224',
  '2.16.840.1.101.3.4.2.6': 'SHA-512/256',
};

/** Cheap structural test used by the DER sniffer. */
export function isPfx(root: Tlv): boolean {
  try {
    const lenient: Leniency = { notes: [] };
    const [ver, authSafe] = children(root, lenient);
    if (!ver || ver.tag !== TAG.INTEGER || readSmallInt(ver) !== 3 || authSafe?.tag !== TAG.SEQUENCE) return false;
    const [ct] = children(authSafe, lenient);
    return ct?.tag === TAG.OID && (readOid(ct) === OID.data || readOid(ct) === OID.signedData);
  } catch {
    return false;
  }
}

/** OCTET STRING content, joining the segments of a constructed (BER) one. */
function octets(t: Tlv | undefined, lenient: Leniency, what: string): Uint8Array {
  if (!t) fail('der_invalid', `missing ${what}`);
  if (t.tag === TAG.OCTET_STRING || t.tag === ctxTag(0, false)) return value(t);
  if (t.tag === (TAG.OCTET_STRING | 0x20) || t.tag === ctxTag(0, true)) {
    return concatByteList(children(t, lenient).map((c) => octets(c, lenient, what)));
  }
  throw new DerError(`expected ${what} (an OCTET STRING)`, t.start);
}

function seq(t: Tlv | undefined, lenient: Leniency, what: string): Tlv[] {
  if (!t || t.tag !== TAG.SEQUENCE) fail('der_invalid', `expected ${what}`);
  return children(t, lenient);
}

interface Mac {
  description: string;
  verify(s: Secret, budget: WorkBudget): Promise<boolean>;
}

function parseMac(t: Tlv, authSafe: Uint8Array, lenient: Leniency): Mac {
  const [digestInfo, saltT, iterT] = seq(t, lenient, 'MacData');
  const [algId, digestT] = seq(digestInfo, lenient, 'the MAC DigestInfo');
  const [oidT, params] = seq(algId, lenient, 'the MAC algorithm');
  const digest = octets(digestT, lenient, 'the MAC value');
  const oid = readOid(oidT!);
  if (oid === PBE_OID.pbmac1) {
    const [kdfT, schemeT] = seq(params, lenient, 'PBMAC1-params');
    const kdf = parseKdf(kdfT);
    const [schemeOid] = seq(schemeT, lenient, 'the PBMAC1 message authentication scheme');
    const prf = HMAC_PRFS[readOid(schemeOid!)];
    if (!prf) fail('unsupported_algorithm', `PBMAC1 with MAC ${readOid(schemeOid!)} is not supported`);
    const h = hashFn(prf);
    return {
      description: `PBMAC1 (${kdf.description}, HMAC-${prf})`,
      verify: async (s, budget) => equalBytes(hmac(h as never, await kdf.derive(s.utf8, kdf.keyLen ?? h.outputLen, budget), authSafe), digest),
    };
  }
  const hash = DIGESTS[oid];
  if (!hash) fail('unsupported_algorithm', `PKCS#12 MAC digest ${oid} is not supported`);
  const salt = octets(saltT, lenient, 'the MAC salt');
  let iterations = 1;
  if (iterT) {
    try {
      iterations = readSmallInt(iterT);
    } catch {
      fail('limit_exceeded', 'PKCS#12 MAC iteration count is far above any limit');
    }
  }
  checkPkcs12Kdf(iterations, 'PKCS#12 MAC iteration count');
  const h = hashFn(hash);
  return {
    description: `MAC HMAC-${hash}, ${iterations} iteration${iterations === 1 ? "" : "s"}`,
    verify: async (s, budget) => equalBytes(hmac(h as never, await pkcs12Kdf(hash, s.bmp, salt, PKCS12_MAC, iterations, h.outputLen, budget), authSafe), digest),
  };
}

/** Thrown when a candidate password decrypts to garbage. */
class WrongPassword extends Error {}

interface Walk {
  secret: Secret;
  lenient: Leniency;
  origin: Origin;
  out: ReadOutcome;
  bags: number;
  budget: WorkBudget;
  /** Set when reading stopped at the file's cap on problems. */
  stopped?: boolean;
}

function bagAttributes(attrs: Tlv | undefined, lenient: Leniency): { friendlyName?: string; localKeyId?: string } {
  const r: { friendlyName?: string; localKeyId?: string } = {};
  if (!attrs || attrs.tag !== TAG.SET) return r;
  for (const a of children(attrs, lenient)) {
    const [oidT, values] = children(a, lenient);
    const v = values ? children(values, lenient)[0] : undefined;
    if (!oidT || !v) continue;
    const oid = readOid(oidT);
    if (oid === FRIENDLY_NAME && v.tag === TAG.BMPString) {
      const b = value(v);
      let s = '';
      for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode((b[i]! << 8) | b[i + 1]!);
      r.friendlyName = s;
    } else if (oid === LOCAL_KEY_ID && v.tag === TAG.OCTET_STRING) r.localKeyId = toHex(value(v));
  }
  return r;
}

function addItems(w: Walk, items: Item[], attrs: { friendlyName?: string; localKeyId?: string }): void {
  for (const item of items) {
    if (attrs.friendlyName !== undefined) item.friendlyName = attrs.friendlyName;
    if (attrs.localKeyId !== undefined) item.localKeyId = attrs.localKeyId;
    item.source.index = w.out.items.length;
    w.out.items.push(item);
  }
}

function addPkcs8(w: Walk, pkcs8: Uint8Array, attrs: { friendlyName?: string; localKeyId?: string }, encryption?: string): void {
  const facts = readPrivateFacts(pkcs8, w.budget, w.out.errors);
  addItems(w, [privateKeyItem({ ...w.origin, container: 'pkcs12' }, 'pkcs8', pkcs8, facts, encryption ? { encryption } : {})], attrs);
}

async function readSafeContents(bytes: Uint8Array, w: Walk, depth: number): Promise<void> {
  checkLimit(depth <= LIMITS.pkcs12Depth, 'PKCS#12 safe contents are nested too deeply');
  const root = readRoot(bytes, w.lenient);
  for (const bag of seq(root, w.lenient, 'SafeContents')) {
    checkLimit(++w.bags <= LIMITS.pkcs12Bags, `PKCS#12 file has more than ${LIMITS.pkcs12Bags} bags`);
    if (atCap(w.out)) {
      w.stopped = true;
      return;
    }
    const [idT, wrapT, attrsT] = seq(bag, w.lenient, 'a SafeBag');
    if (!idT || !wrapT || wrapT.tag !== ctxTag(0, true)) fail('der_invalid', 'SafeBag without a bag value');
    const id = readOid(idT);
    const bagValue = children(wrapT, w.lenient)[0];
    if (!bagValue) fail('der_invalid', 'empty SafeBag value');
    const attrs = bagAttributes(attrsT, w.lenient);
    const inner = bytes.subarray(bagValue.start, bagValue.end);
    switch (id) {
      case BAG.key:
        addPkcs8(w, inner.slice(), attrs);
        break;
      case BAG.shroudedKey: {
        const [algId, dataT] = seq(bagValue, w.lenient, 'EncryptedPrivateKeyInfo');
        const scheme = parsePbe(algId!);
        const plain = await scheme.decrypt(w.secret, octets(dataT, w.lenient, 'the encrypted key'), w.budget);
        if (!plain) throw new WrongPassword();
        try {
          addPkcs8(w, plain.slice(), attrs, scheme.description);
        } catch {
          throw new WrongPassword();
        }
        break;
      }
      case BAG.cert:
      case BAG.crl: {
        const [typeT, valT] = seq(bagValue, w.lenient, id === BAG.cert ? 'CertBag' : 'CRLBag');
        const type = readOid(typeT!);
        if (type !== X509_CERT && type !== X509_CRL) {
          w.out.errors.push({ code: 'unsupported_algorithm', message: `PKCS#12 ${id === BAG.cert ? 'certificate' : 'CRL'} bag of type ${type} is not supported` });
          break;
        }
        const der = octets(valT && valT.tag === ctxTag(0, true) ? children(valT, w.lenient)[0] : undefined, w.lenient, 'the bag contents').slice();
        const r = readX509Der(der, { encoding: w.origin.encoding, container: 'pkcs12' });
        if (!r) w.out.errors.push({ code: 'der_invalid', message: 'A PKCS#12 certificate bag does not hold a certificate' });
        else {
          addItems(w, r.items, attrs);
          for (const e of r.errors) w.out.errors.push(e);
        }
        break;
      }
      case BAG.secret:
        w.out.errors.push({ code: 'unsupported_algorithm', message: 'A PKCS#12 secret bag was skipped: secret bags are not shown' });
        break;
      case BAG.safeContents:
        await readSafeContents(inner, w, depth + 1);
        break;
      default:
        w.out.errors.push({ code: 'unsupported_algorithm', message: `PKCS#12 bag type ${id} is not supported` });
    }
  }
}

async function readAuthSafe(authSafe: Uint8Array, w: Walk): Promise<void> {
  const root = readRoot(authSafe, w.lenient);
  for (const ci of seq(root, w.lenient, 'AuthenticatedSafe')) {
    if (w.stopped || atCap(w.out)) {
      w.stopped = true;
      return;
    }
    const [ctT, wrapT] = seq(ci, w.lenient, 'a ContentInfo');
    const ct = readOid(ctT!);
    const content = wrapT ? children(wrapT, w.lenient)[0] : undefined;
    if (ct === OID.data) {
      await readSafeContents(octets(content, w.lenient, 'data content'), w, 0);
    } else if (ct === OID.encryptedData) {
      // EncryptedData ::= SEQUENCE { version, EncryptedContentInfo { contentType, algorithm, [0] IMPLICIT content } }
      const [, eci] = seq(content, w.lenient, 'EncryptedData');
      const [, algId, encT] = seq(eci, w.lenient, 'EncryptedContentInfo');
      const scheme = parsePbe(algId!);
      if (!encT) continue; // detached content: nothing to show
      const plain = await scheme.decrypt(w.secret, octets(encT, w.lenient, 'encrypted content'), w.budget);
      if (!plain) throw new WrongPassword();
      let parsedOk = true;
      try {
        readRoot(plain, { notes: [] });
      } catch {
        parsedOk = false;
      }
      if (!parsedOk) throw new WrongPassword();
      await readSafeContents(plain, w, 0);
    } else if (ct === OID.envelopedData) {
      w.out.errors.push({ code: 'unsupported_algorithm', message: 'A public-key encrypted (envelopedData) part of this PKCS#12 file was skipped' });
    } else {
      w.out.errors.push({ code: 'unsupported_algorithm', message: `PKCS#12 content type ${ct} is not supported` });
    }
  }
}

function lockedItem(bytes: Uint8Array, origin: Origin, encryption?: string): Pkcs12Item {
  const item: Pkcs12Item = {
    kind: 'pkcs12',
    sensitivity: 'private',
    encrypted: true,
    format: 'pkcs12',
    encoding: origin.encoding,
    source: sourceOf(origin),
    label: 'PKCS#12 (locked)',
    der: bytes,
    sha256: sha256Hex(bytes),
    findings: [],
    warnings: [],
  };
  if (encryption) item.encryption = encryption;
  return item;
}

function candidates(ctx: ReadContext): Secret[] {
  // OpenSSL tries the empty password both as an empty BMPString (two zero bytes) and as no bytes.
  const list: Secret[] = [
    { utf8: new Uint8Array(0), bmp: new Uint8Array(2) },
    { utf8: new Uint8Array(0), bmp: new Uint8Array(0) },
  ];
  for (const p of ctx.passwords) if (p !== '') list.push(secretOf(p));
  return list;
}

export async function readPkcs12(bytes: Uint8Array, ctx: ReadContext, origin: Origin): Promise<ReadOutcome> {
  const lenient: Leniency = { notes: [] };
  let macDescription: string | undefined;
  try {
    const root = readRoot(bytes, lenient);
    const [, authSafeT, macT] = seq(root, lenient, 'PFX');
    const [ctT, wrapT] = seq(authSafeT, lenient, 'the authSafe ContentInfo');
    if (readOid(ctT!) !== OID.data) fail('unsupported_algorithm', 'PKCS#12 with public-key integrity (signedData) is not supported');
    if (!wrapT || wrapT.tag !== ctxTag(0, true)) fail('der_invalid', 'authSafe without content');
    const authSafe = octets(children(wrapT, lenient)[0], lenient, 'authSafe content');
    let mac: Mac | undefined;
    if (macT) {
      try {
        mac = parseMac(macT, authSafe, lenient);
        macDescription = mac.description;
      } catch (e) {
        if (e instanceof ReadFailure) return { items: [lockedItem(bytes, origin)], errors: [toProblem(e)] };
        throw e;
      }
    }
    let order = candidates(ctx);
    const budget = budgetOf(ctx);
    if (mac) {
      let good: Secret | undefined;
      try {
        for (const s of order) if (await mac.verify(s, budget)) { good = s; break; }
      } catch (e) {
        if (e instanceof ReadFailure && e.code === 'limit_exceeded') return { items: [lockedItem(bytes, origin, macDescription)], errors: [toProblem(e)] };
        throw e;
      }
      if (!good) {
        return { items: [lockedItem(bytes, origin, macDescription)], errors: ctx.passwords.length ? [passwordWrong('PKCS#12 file', ctx)] : [] };
      }
      order = [good, ...order.filter((s) => s !== good)];
    }
    let lastProblem: Problem | undefined;
    for (const secret of order) {
      const w: Walk = { secret, lenient, origin, out: { items: [], errors: [] }, bags: 0, budget };
      try {
        await readAuthSafe(authSafe, w);
        if (lenient.notes.length && w.out.items[0]) {
          w.out.items[0].warnings.push({ code: 'der_invalid', message: `Accepted non-DER encoding: ${[...new Set(lenient.notes)].join(', ')}` });
        }
        return w.stopped ? capStopped(w.out) : w.out;
      } catch (e) {
        if (e instanceof WrongPassword) continue;
        if (e instanceof ReadFailure && (e.code === 'unsupported_algorithm' || e.code === 'limit_exceeded')) {
          lastProblem = toProblem(e);
          break;
        }
        throw e;
      }
    }
    const errors: Problem[] = lastProblem ? [lastProblem] : ctx.passwords.length ? [passwordWrong('PKCS#12 file', ctx)] : [];
    return { items: [lockedItem(bytes, origin, macDescription ?? 'no MAC')], errors };
  } catch (e) {
    return { items: [], errors: [toProblem(e)] };
  }
}

