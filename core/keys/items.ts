/** Builders for the key items every reader here returns, so they all look alike. */
import type { WorkBudget } from '../budget.js';
import type { Origin, ReadContext } from '../context.js';
import { sha256Hex } from '../hash.js';
import { utf8Encode } from '../bytes.js';
import { bmpPassword } from '../crypto/kdf.js';
import type { Format, KeyAlgorithm, PrivateKeyItem, Problem, PublicKeyInfo, PublicKeyItem, Source } from '../types.js';
import { readPkcs8, type PrivateKeyFacts } from './pkcs8.js';
import type { Secret } from './pbe.js';

export function sourceOf(origin: Origin, index = 0): Source {
  const s: Source = { index };
  if (origin.pemLabel !== undefined) s.pemLabel = origin.pemLabel;
  if (origin.line !== undefined) s.line = origin.line;
  return s;
}

export function keyLabel(algorithm: KeyAlgorithm | 'unknown' | undefined, bits?: number, curve?: string): string {
  if (!algorithm || algorithm === 'unknown') return 'Unknown key';
  if (algorithm === 'EC') return curve ? `EC ${curve}` : 'EC';
  if (algorithm === 'RSA' || algorithm === 'RSA-PSS' || algorithm === 'DSA') return bits ? `${algorithm} ${bits}` : algorithm;
  return algorithm;
}

function common(origin: Origin, format: Format, der: Uint8Array) {
  const c = {
    source: sourceOf(origin),
    format,
    encoding: origin.encoding,
    der,
    sha256: sha256Hex(der),
    findings: [],
  };
  return origin.container ? { ...c, container: origin.container } : c;
}

export function publicKeyItem(origin: Origin, format: Format, publicKey: PublicKeyInfo, comment?: string): PublicKeyItem {
  const item: PublicKeyItem = {
    kind: 'public-key',
    sensitivity: 'public',
    encrypted: false,
    label: keyLabel(publicKey.algorithm, publicKey.bits, publicKey.curve),
    publicKey,
    warnings: [],
    ...common(origin, format, publicKey.spki),
  };
  if (comment) item.comment = comment;
  return item;
}

/** An unlocked private key; `pkcs8` is its PrivateKeyInfo DER (what `der` and `sha256` describe). */
export function privateKeyItem(origin: Origin, format: Format, pkcs8: Uint8Array, facts: PrivateKeyFacts, extra: { encryption?: string; comment?: string } = {}): PrivateKeyItem {
  const item: PrivateKeyItem = {
    kind: 'private-key',
    sensitivity: 'private',
    encrypted: false,
    label: keyLabel(facts.algorithm, facts.bits, facts.curve),
    algorithm: facts.algorithm,
    warnings: [...facts.warnings],
    ...common(origin, format, pkcs8),
  };
  if (facts.publicKey) item.publicKey = facts.publicKey;
  if (facts.bits !== undefined) item.bits = facts.bits;
  if (facts.curve !== undefined) item.curve = facts.curve;
  if (extra.encryption) item.encryption = extra.encryption;
  if (extra.comment) item.comment = extra.comment;
  return item;
}

export interface LockedFacts {
  algorithm?: KeyAlgorithm | 'unknown';
  bits?: number;
  curve?: string;
  encryption?: string;
  comment?: string;
}

/** A private key still encrypted: `der` is the encrypted structure (or the file bytes). */
export function lockedKeyItem(origin: Origin, format: Format, der: Uint8Array, facts: LockedFacts): PrivateKeyItem {
  const item: PrivateKeyItem = {
    kind: 'private-key',
    sensitivity: 'private',
    encrypted: true,
    label: facts.algorithm ? `${keyLabel(facts.algorithm, facts.bits, facts.curve)} (encrypted)` : 'Encrypted private key',
    warnings: [],
    ...common(origin, format, der),
  };
  if (facts.algorithm) item.algorithm = facts.algorithm;
  if (facts.bits !== undefined) item.bits = facts.bits;
  if (facts.curve !== undefined) item.curve = facts.curve;
  if (facts.encryption) item.encryption = facts.encryption;
  if (facts.comment) item.comment = facts.comment;
  return item;
}

export function secretOf(password: string): Secret {
  return { utf8: utf8Encode(password), bmp: bmpPassword(password) };
}

export function passwordWrong(what: string, ctx: ReadContext): Problem {
  const n = ctx.passwords.length;
  return { code: 'password_wrong', message: n === 1 ? `The given password does not unlock this ${what}` : `None of the ${n} given passwords unlocks this ${what}` };
}

/**
 * For `readPkcs8`: whether this key may have its public half computed under the file's budget.
 * The first refusal adds the file's one `limit_exceeded` problem to `errors`.
 */
export function derivationGate(budget: WorkBudget, errors: Problem[]): (estimateMs: number) => boolean {
  return (estimateMs) => {
    const r = budget.admitDerivation(estimateMs);
    if (r === true) return true;
    if (r) errors.push(r);
    return false;
  };
}

/**
 * `readPkcs8` under the file's budget, once per distinct PKCS#8 in the file: copies of one key
 * (a bundle pasted many times, a key both in PEM and in a PKCS#12) compute its public half once.
 */
export function readPrivateFacts(pkcs8: Uint8Array, budget: WorkBudget, errors: Problem[]): PrivateKeyFacts {
  const id = sha256Hex(pkcs8);
  const seen = budget.keyFacts.get(id);
  if (seen) return { ...seen, warnings: [...seen.warnings] };
  const facts = readPkcs8(pkcs8, derivationGate(budget, errors));
  if (facts.publicKey) budget.keyFacts.set(id, { ...facts, warnings: [...facts.warnings] });
  return facts;
}
