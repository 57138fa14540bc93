/**
 * `pkcs12`: one private key, its certificate and the certificates that chain from it, leaf →
 * root, in one PKCS#12 (RFC 7292) — a `.pfx` / `.p12` for Windows, IIS, Azure, Java.
 *
 *   PFX ::= SEQUENCE { version 3, authSafe ContentInfo (data), macData MacData }
 *   AuthenticatedSafe ::= SEQUENCE OF ContentInfo
 *     -- encryptedData: SafeContents of certBags (the chain)
 *     -- data:          SafeContents of one pkcs8ShroudedKeyBag
 *
 * The key bag and the leaf's certBag carry the friendly name and a local key ID (the leaf's
 * SHA-1, as OpenSSL writes it), which tie them together for Windows, keytool and OpenSSL.
 *
 * Protection, modern (the default, what OpenSSL 3 writes): PBES2 with PBKDF2-HMAC-SHA-256 and
 * AES-256-CBC for the key and the certificates, an HMAC-SHA-256 MAC. OpenSSL 3 uses 2,048
 * iterations for all three; we use MODERN_ITERATIONS. The MAC is the cheapest place to test a
 * password guess, so it gets the same count as the encryption: more on the key alone would buy
 * nothing. Legacy (`legacy`): pbeWithSHAAnd3-KeyTripleDES-CBC for the key and the certificates
 * and an HMAC-SHA-1 MAC, 2,048 iterations, exactly OpenSSL's `-keypbe PBE-SHA1-3DES -certpbe
 * PBE-SHA1-3DES -macalg sha1`, which Windows Server 2016, Java 8 and older macOS read. 3DES for
 * the certificates rather than OpenSSL `-legacy`'s RC2-40: every reader of the one reads the
 * other, and OpenSSL 3 reads 3DES without its legacy provider.
 *
 * Without a password (`noPassword`) the same structure is protected by the empty password, as
 * `openssl pkcs12 -export -passout pass:` does: consumers that insist on a MAC still open it.
 */
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromHex } from '../bytes.js';
import { PKCS12_MAC } from '../crypto/kdf.js';
import { OID } from '../oids.js';
import type { CertificateItem, Item } from '../types.js';
import { der, tlv } from './der-encode.js';
import { encryptedPrivateKeyInfo, pbes2Encrypt, pkcs12Key, pkcs12TripleDesEncrypt, randomBytes, type Encrypted } from './encrypt.js';
import { IssuerFinder } from './order.js';
import { asCert, certificateIndexes, describe, distinctIndexes, listOf, makeWriter, pickPrivateKey, publicKeyOf, publicOfKey, titleOf, type Plan } from './select.js';
import { identity } from './readback.js';
import { WriteError, type WriteOptions } from './types.js';

/** PBKDF2 and MAC iterations of the modern form: 24 times OpenSSL 3's 2,048 (see above). */
export const MODERN_ITERATIONS = 50_000;
/** Iterations of the legacy form: OpenSSL's, which the old consumers it is for were tested with. */
export const LEGACY_ITERATIONS = 2048;

const BAG = {
  key: '1.2.840.113549.1.12.10.1.1',
  shroudedKey: '1.2.840.113549.1.12.10.1.2',
  cert: '1.2.840.113549.1.12.10.1.3',
};
const X509_CERT = '1.2.840.113549.1.9.22.1';
const FRIENDLY_NAME = '1.2.840.113549.1.9.20';
const LOCAL_KEY_ID = '1.2.840.113549.1.9.21';
const SHA1 = '1.3.14.3.2.26';
const SHA256 = '2.16.840.1.101.3.4.2.1';

interface Pkcs12Plan extends Plan {
  key: number;
  /** Leaf first, then its issuers. */
  chain: number[];
  friendlyName: string | undefined;
}

/** BMPString (UTF-16BE code units), the friendlyName's type. */
function bmpString(s: string): Uint8Array {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    out[2 * i] = s.charCodeAt(i) >> 8;
    out[2 * i + 1] = s.charCodeAt(i) & 0xff;
  }
  return tlv(0x1e, out);
}

function commonName(c: CertificateItem): string | undefined {
  return c.subject.attributes.find((a) => a.name === 'CN')?.value;
}

/** Attributes as a DER SET OF: members sorted by their encoding (X.690 §11.6). */
function attributes(friendlyName: string | undefined, localKeyId: Uint8Array): Uint8Array {
  const attrs = [der.seq(der.oid(LOCAL_KEY_ID), der.set(der.octets(localKeyId)))];
  if (friendlyName !== undefined) attrs.push(der.seq(der.oid(FRIENDLY_NAME), der.set(bmpString(friendlyName))));
  attrs.sort(compareBytes);
  return der.set(...attrs);
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function safeBag(bagId: string, bagValue: Uint8Array, attrs?: Uint8Array): Uint8Array {
  return der.seq(der.oid(bagId), der.explicit(0, bagValue), ...(attrs ? [attrs] : []));
}

function dataContentInfo(content: Uint8Array): Uint8Array {
  return der.seq(der.oid(OID.data), der.explicit(0, der.octets(content)));
}

/** EncryptedData { version 0, EncryptedContentInfo { data, algorithm, [0] IMPLICIT ciphertext } } in a ContentInfo. */
function encryptedContentInfo(e: Encrypted): Uint8Array {
  const eci = der.seq(der.oid(OID.data), e.algorithm, tlv(0x80, e.ciphertext));
  return der.seq(der.oid(OID.encryptedData), der.explicit(0, der.seq(der.int(0), eci)));
}

async function plan(items: readonly Item[], opts: WriteOptions): Promise<Pkcs12Plan> {
  const { index: key } = pickPrivateKey(items, opts, 'a PKCS#12 file');
  const spki = publicOfKey(items, key, opts).spkiSha256;
  const certs = certificateIndexes(items);
  const chosen = opts.item !== undefined && items[opts.item]?.kind === 'certificate' ? opts.item : undefined;
  const leaves = chosen !== undefined ? [chosen] : certs.filter((i) => asCert(items, i).publicKey.spkiSha256 === spki);
  if (leaves.length === 0) {
    throw new WriteError('missing', `No certificate among the inputs belongs to the ${describe(items, key, opts)}: a PKCS#12 file needs the key's certificate; add the file that holds it.`);
  }
  if (leaves.length > 1) {
    throw new WriteError('ambiguous', `${leaves.length} certificates belong to the ${describe(items, key, opts)}: ${listOf(leaves.map((i) => describe(items, i, opts)))}; choose one by its item number.`);
  }
  const leaf = leaves[0]!;
  const chain = await new IssuerFinder(items, certs).chainFrom(leaf);
  const notes: string[] = [];
  const unrelated = certs.filter((i) => !chain.includes(i));
  if (unrelated.length) notes.push(`Left out the ${listOf(unrelated.map((i) => describe(items, i, opts)))}: not in the chain of ${titleOf(items[leaf]!)}.`);
  const others = distinctIndexes(items).filter((i) => i !== key && items[i]!.kind !== 'certificate');
  const sameKey = others.filter((i) => publicKeyOf(items[i]!)?.spkiSha256 === spki);
  const rest = others.filter((i) => !sameKey.includes(i));
  if (rest.length) notes.push(`Left out the ${listOf(rest.map((i) => describe(items, i, opts)))}: a PKCS#12 file here holds one key and its chain.`);
  const friendlyName = opts.name ?? commonName(asCert(items, leaf)) ?? (asCert(items, leaf).subject.text || undefined);
  return { key, chain, friendlyName, sensitivity: 'private', notes, expected: [...chain, key].map((i) => identity(items[i]!)) };
}

async function encode(p: Pkcs12Plan, items: readonly Item[], opts: WriteOptions): Promise<Uint8Array> {
  const password = opts.password ?? '';
  const iterations = opts.legacy ? LEGACY_ITERATIONS : MODERN_ITERATIONS;
  const encrypt = (data: Uint8Array) => (opts.legacy ? pkcs12TripleDesEncrypt(data, password, iterations) : pbes2Encrypt(data, password, iterations));
  const leaf = asCert(items, p.chain[0]!);
  const attrs = attributes(p.friendlyName, fromHex(leaf.sha1));

  const certBags = p.chain.map((i, k) => safeBag(BAG.cert, der.seq(der.oid(X509_CERT), der.explicit(0, der.octets(items[i]!.der))), k === 0 ? attrs : undefined));
  const keyBag = safeBag(BAG.shroudedKey, encryptedPrivateKeyInfo(await encrypt(items[p.key]!.der)), attrs);
  const authSafe = der.seq(encryptedContentInfo(await encrypt(der.seq(...certBags))), dataContentInfo(der.seq(keyBag)));

  const hash = opts.legacy ? 'SHA-1' : 'SHA-256';
  const macSalt = randomBytes(opts.legacy ? 8 : 16);
  const macKey = await pkcs12Key(hash, password, macSalt, PKCS12_MAC, iterations, opts.legacy ? 20 : 32);
  const mac = hmac(opts.legacy ? sha1 : sha256, macKey, authSafe);
  const macData = der.seq(der.seq(der.seq(der.oid(opts.legacy ? SHA1 : SHA256), der.null()), der.octets(mac)), der.octets(macSalt), der.int(iterations));
  return der.seq(der.int(3), dataContentInfo(authSafe), macData);
}

export const pkcs12Writer = makeWriter<Pkcs12Plan>('pkcs12', plan, async (p, items, opts) => [
  { name: opts.fileName, bytes: await encode(p, items, opts), sensitivity: 'private' },
]);

