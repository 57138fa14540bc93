/**
 * logotype (1.3.6.1.5.5.7.1.12, RFC 3709 / RFC 9399): community, issuer, subject and other logos,
 * each with media types, hashes and URIs. Shown as its parts and the URIs it points to (never fetched).
 */
import { latin1Decode } from '../../bytes.js';
import { children, expectTag, TAG, value, type Tlv } from '../../der.js';
import { root, type Decoded } from './util.js';

const PARTS: Record<number, string> = { 0xa0: 'Community logos', 0xa1: 'Issuer logo', 0xa2: 'Subject logo', 0xa3: 'Other logos' };

/** Every IA5String under `t` (media types and URIs), depth-first, at most `max`. */
function strings(t: Tlv, out: string[], max: number, depth = 0): void {
  if (out.length >= max || depth > 16) return;
  if (t.tag === TAG.IA5String) out.push(latin1Decode(value(t)));
  else if (t.constructed) for (const c of children(t)) strings(c, out, max, depth + 1);
}

export function logotype(v: Uint8Array): Decoded {
  const lines: string[] = [];
  for (const part of children(expectTag(root(v), TAG.SEQUENCE, 'LogotypeExtn'))) {
    const found: string[] = [];
    strings(part, found, 64);
    const uris = found.filter((s) => /^[a-z][a-z0-9+.-]*:/i.test(s));
    const types = found.filter((s) => /^[a-z]+\/[a-z0-9.+-]+$/i.test(s));
    lines.push(`${PARTS[part.tag] ?? `[${part.tagNumber}]`}:${types.length ? ` ${[...new Set(types)].join(', ')}` : ''}`);
    for (const u of uris) lines.push(`URI:${u}`);
  }
  return { lines };
}
