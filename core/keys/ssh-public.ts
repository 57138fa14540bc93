/**
 * OpenSSH public key text: `authorized_keys` / `.pub` lines (optional options prefix, type,
 * base64 blob, comment) and RFC 4716 `---- BEGIN SSH2 PUBLIC KEY ----` blocks.
 */
import { fromBase64 } from '../bytes.js';
import { atCap, capStopped } from '../budget.js';
import type { Origin, ReadContext, ReadOutcome } from '../context.js';
import { toProblem } from '../crypto/errors.js';
import type { Item, Problem } from '../types.js';
import { readSpki } from '../x509/spki.js';
import { publicKeyItem } from './items.js';
import { isSecurityKeyType, sshBlobToSpki } from './ssh-wire.js';

const KEY_TOKEN = /(?:^|\s)((?:ssh-(?:rsa|dss|ed25519|ed448)|ecdsa-sha2-nistp\d+|sk-[A-Za-z0-9@.-]+))\s+([A-Za-z0-9+/]+={0,2})(?:\s+([\s\S]*))?$/;
const BEGIN_4716 = /^----\s*BEGIN SSH2 PUBLIC KEY\s*----\s*$/;
const END_4716 = /^----\s*END SSH2 PUBLIC KEY\s*----\s*$/;
// RFC 4716 §3.3: header-tag is 1–64 printable ASCII characters other than ':'; the value is any
// UTF-8 text. `[\s\S]`, not `.`: a value may hold U+2028 and other characters `.` does not match.
const HEADER_4716 = /^([\x21-\x39\x3b-\x7e]{1,64}):[ \t]*([\s\S]*)$/;

function readBlob(type: string, b64: string, origin: Origin, comment: string | undefined, format: 'openssh' | 'ssh2'): Item | Problem {
  if (isSecurityKeyType(type)) return { code: 'unsupported_algorithm', message: `Security-key (FIDO) SSH key ${type} is not supported` };
  const blob = fromBase64(b64);
  if (!blob) return { code: 'base64_invalid', message: `The ${type} key on line ${origin.line ?? '?'} is not valid base64` };
  try {
    const { type: inner, spki } = sshBlobToSpki(blob);
    if (type && inner !== type) return { code: 'der_invalid', message: `The key says ${type} but its data is ${inner}` };
    return publicKeyItem(origin, format, readSpki(spki), comment);
  } catch (e) {
    return toProblem(e);
  }
}

function push(out: ReadOutcome, r: Item | Problem): void {
  if ('kind' in r) {
    r.source.index = out.items.length;
    out.items.push(r);
  } else out.errors.push(r);
}

export function readSshPublicText(text: string, _ctx: ReadContext): ReadOutcome | undefined {
  const lines = text.split(/\r?\n/);
  const out: ReadOutcome = { items: [], errors: [] };
  let found = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (BEGIN_4716.test(line)) {
      if (atCap(out)) return capStopped(out);
      found = true;
      const begin = i + 1;
      let comment: string | undefined;
      let body = '';
      let inHeader = true;
      let closed = false;
      for (i++; i < lines.length; i++) {
        let l = lines[i]!.trim();
        if (END_4716.test(l)) {
          closed = true;
          break;
        }
        if (inHeader && HEADER_4716.test(l)) {
          // Header, possibly continued with a trailing backslash (RFC 4716 §3.3).
          while (l.endsWith('\\') && i + 1 < lines.length && !END_4716.test(lines[i + 1]!.trim())) l = l.slice(0, -1) + lines[++i]!.trim();
          const m = HEADER_4716.exec(l);
          if (m?.[1]!.toLowerCase() === 'comment') comment = m[2]!.replace(/^"([\s\S]*)"$/, '$1');
          continue;
        }
        inHeader = false;
        body += l;
      }
      if (!closed) {
        out.errors.push({ code: 'pem_armor_mismatch', message: `SSH2 PUBLIC KEY block starting on line ${begin} has no END line` });
        continue;
      }
      push(out, readBlob('', body, { encoding: 'ssh2', line: begin }, comment, 'ssh2'));
      continue;
    }
    const m = KEY_TOKEN.exec(line);
    if (!m) continue;
    // Checked here, with one more key to read, so the note that reading stopped is true.
    if (atCap(out)) return capStopped(out);
    found = true;
    const comment = m[3]?.trim() || undefined;
    push(out, readBlob(m[1]!, m[2]!, { encoding: 'openssh', line: i + 1 }, comment, 'openssh'));
  }
  return found ? out : undefined;
}
