/** PEM armour for written files (RFC 7468 §2: 64-character lines, LF line ends). */
import { toBase64 } from '../bytes.js';

export function pemText(label: string, derBytes: Uint8Array): string {
  const b64 = toBase64(derBytes);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}
