/** Host names and IP addresses for subjectAltName, from what people type. */
import { GenerateError } from './error.js';
import type { AltName } from './certs.js';

const DNS_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** One `--host` value as a SAN entry: an IPv4 or IPv6 address, or a DNS name (optionally `*.` wildcard). */
export function hostAltName(host: string): AltName {
  const ip = parseIp(host);
  if (ip) return { type: 'ip', bytes: ip };
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  const labels = name.split('.');
  const wildcard = labels[0] === '*' && labels.length > 2;
  const checked = wildcard ? labels.slice(1) : labels;
  if (name.length === 0 || name.length > 253 || !checked.every((l) => DNS_LABEL.test(l))) {
    throw new GenerateError(
      'invalid_option',
      `"${host}" is neither a DNS name nor an IP address (international names go in their xn-- form).`,
    );
  }
  return { type: 'dns', value: name.toLowerCase() };
}

/** IPv4 dotted quad or IPv6 (with `::`, an embedded IPv4 tail, optional brackets); undefined otherwise. */
export function parseIp(text: string): Uint8Array | undefined {
  const s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v4 = parseIpv4(s);
  if (v4) return v4;
  if (!s.includes(':')) return undefined;
  return parseIpv6(s);
}

function parseIpv4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255) return undefined;
    out[i] = Number(p);
  }
  return out;
}

function parseIpv6(s: string): Uint8Array | undefined {
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const g = items[i]!;
      if (i === items.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-f]{1,4}$/i.test(g)) out.push(parseInt(g, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  const out = new Uint8Array(16);
  all.forEach((g, i) => {
    out[i * 2] = g >> 8;
    out[i * 2 + 1] = g & 0xff;
  });
  return out;
}
