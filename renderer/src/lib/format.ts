/** Display helpers: names, dates and expiry states in plain words. */
import type { Item, Kind } from '../../../core/types.js';
import type { IconName } from './icons.js';

export const KIND_LABEL: Record<Kind, string> = {
  certificate: 'Certificate',
  'certificate-request': 'CSR',
  crl: 'CRL',
  'public-key': 'Public key',
  'private-key': 'Private key',
  'secret-key': 'Secret key',
  pkcs12: 'Container (PKCS#12)',
  parameters: 'Parameters',
};

export const KIND_ICON: Record<Kind, IconName> = {
  certificate: 'cert',
  'certificate-request': 'csr',
  crl: 'crl',
  'public-key': 'key',
  'private-key': 'lock',
  'secret-key': 'lock',
  pkcs12: 'box',
  parameters: 'gear',
};

/**
 * 12,345 as en-US writes it. Not `toLocaleString`: its first call in a page sets up ICU's
 * number formatting, 50–250 ms on the window's thread, and the first call came with the
 * first drop ("Reading 1 of 10,000 files…").
 */
export function count(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = digits.slice(0, ((digits.length - 1) % 3) + 1);
  for (let at = out.length; at < digits.length; at += 3) out += `,${digits.slice(at, at + 3)}`;
  return n < 0 ? `-${out}` : out;
}
export const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC');
}

export type ExpiryState = 'valid' | 'expiring' | 'expired' | 'not-yet';
/**
 * Where an item stands in its dates, and only that: "in date" says nothing about whether a
 * chain is trusted (that is the trust badge's job), so the word "valid" is not used here.
 */
export interface Expiry {
  state: ExpiryState;
  icon: IconName;
  text: string;
  /** Badge tone: colour always comes with the icon and the words. */
  tone: 'ok' | 'warn' | 'bad';
  /** Milliseconds from now to the end date (negative once past). */
  left: number;
}

const DAY = 86_400_000;

/** A span of days in the largest unit that keeps it readable: "12 days", "8 months", "23 years". */
export function span(days: number): string {
  if (days < 60) return plural(days, 'day');
  if (days < 730) return plural(Math.floor(days / 30.44), 'month');
  return plural(Math.floor(days / 365.25), 'year');
}

/** Within this many days of its end date an item is "expiring". */
export const EXPIRING_DAYS = 30;

export function expiry(notBefore: string | undefined, notAfter: string | undefined, now = Date.now()): Expiry | undefined {
  if (!notAfter) return undefined;
  const end = Date.parse(notAfter);
  const start = notBefore ? Date.parse(notBefore) : -Infinity;
  if (Number.isNaN(end)) return undefined;
  const left = end - now;
  if (now < start) {
    const days = Math.ceil((start - now) / DAY);
    return { state: 'not-yet', icon: 'clock', tone: 'bad', left, text: days <= 1 ? 'not started: starts within a day' : `not started: starts in ${span(days)}` };
  }
  if (now > end) {
    const days = Math.floor((now - end) / DAY);
    return { state: 'expired', icon: 'x', tone: 'bad', left, text: days === 0 ? 'expired today' : `expired ${span(days)} ago` };
  }
  const days = Math.floor(left / DAY);
  if (days <= EXPIRING_DAYS) return { state: 'expiring', icon: 'warn', tone: 'warn', left, text: days === 0 ? 'expires today' : `expires in ${plural(days, 'day')}` };
  return { state: 'valid', icon: 'check', tone: 'ok', left, text: 'in date' };
}

export function itemExpiry(item: Item, now = Date.now()): Expiry | undefined {
  if (item.kind === 'certificate') return expiry(item.notBefore, item.notAfter, now);
  if (item.kind === 'crl' && item.nextUpdate) {
    const e = expiry(item.thisUpdate, item.nextUpdate, now);
    if (e?.state === 'expired') return { ...e, text: 'out of date (next update passed)' };
    if (e?.state === 'valid') return { ...e, text: 'current' };
    return e;
  }
  return undefined;
}

export function commonName(dnText: string): string | undefined {
  const m = /(?:^|,\s*)CN=((?:\\,|[^,])+)/.exec(dnText);
  return m?.[1]?.replace(/\\,/g, ',');
}

/** The one-line description used in lists. */
export function summary(item: Item): string {
  if (item.label) return item.label;
  if (item.kind === 'certificate' || item.kind === 'certificate-request') return commonName(item.subject.text) ?? item.subject.text;
  if (item.kind === 'crl') return commonName(item.issuer.text) ?? item.issuer.text;
  return KIND_LABEL[item.kind];
}

export function keySummary(k: { algorithm?: string; bits?: number; curve?: string } | undefined): string {
  if (!k || !k.algorithm) return 'unknown key type';
  if (k.curve) return `${k.algorithm} ${k.curve}`;
  if (k.bits) return `${k.algorithm} ${k.bits}-bit`;
  return k.algorithm;
}

/** Hex with a colon between bytes (core's, the same as the CLI's). */
export { colonHex } from '../../../core/bytes.js';

/** The folder a file came from (a dropped folder's relative path, or the desktop's full path). */
export function folderOf(f: { path?: string }): string | undefined {
  if (!f.path) return undefined;
  const at = Math.max(f.path.lastIndexOf('/'), f.path.lastIndexOf('\\'));
  return at > 0 ? f.path.slice(0, at) : undefined;
}
