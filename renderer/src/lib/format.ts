/** Display helpers: names, dates and expiry states in plain words. */
import type { Item, Kind } from '../../../core/types.js';
import type { IconName } from '../components/Icon.svelte';

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

export const count = (n: number) => n.toLocaleString('en-US');
export const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC').replace(/Z$/, ' UTC');
}

export type ExpiryState = 'valid' | 'expiring' | 'expired' | 'not-yet';
export interface Expiry {
  state: ExpiryState;
  icon: IconName;
  text: string;
}

const DAY = 86_400_000;

export function expiry(notBefore: string | undefined, notAfter: string | undefined, now = Date.now()): Expiry | undefined {
  if (!notAfter) return undefined;
  const end = Date.parse(notAfter);
  const start = notBefore ? Date.parse(notBefore) : -Infinity;
  if (Number.isNaN(end)) return undefined;
  if (now < start) return { state: 'not-yet', icon: 'clock', text: `not valid for ${plural(Math.ceil((start - now) / DAY), 'day')}` };
  if (now > end) return { state: 'expired', icon: 'x', text: `expired ${plural(Math.floor((now - end) / DAY), 'day')} ago` };
  const left = Math.floor((end - now) / DAY);
  if (left <= 30) return { state: 'expiring', icon: 'warn', text: left === 0 ? 'expires today' : `expires in ${plural(left, 'day')}` };
  return { state: 'valid', icon: 'check', text: 'valid' };
}

export function itemExpiry(item: Item, now = Date.now()): Expiry | undefined {
  if (item.kind === 'certificate') return expiry(item.notBefore, item.notAfter, now);
  if (item.kind === 'crl' && item.nextUpdate) {
    const e = expiry(item.thisUpdate, item.nextUpdate, now);
    if (e?.state === 'expired') return { ...e, text: 'stale (next update passed)' };
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

/** Hex with a colon between bytes, in groups a person can compare by eye. */
export function colonHex(hex: string): string {
  // A negative serial ("-3039", as `openssl x509 -serial` prints it) keeps its sign in front.
  if (hex.startsWith('-')) return '-' + colonHex(hex.slice(1));
  return (hex.match(/.{1,2}/g) ?? []).join(':').toUpperCase();
}
