/**
 * Whole files wrapped in a transport encoding: base64 of a PEM file, of DER or of a keystore
 * (what `kubectl get secret … -o jsonpath='{.data.tls\.crt}'` prints, or a portal's "download as
 * base64"), and text in UTF-16 with a byte-order mark (PowerShell 5's `Out-File` and `>`).
 * Each wrapping is undone once per file: what is inside is read by every other reader, but
 * base64 inside base64 (or UTF-16 inside UTF-16) is not unwrapped again. A finding on every
 * item says how the file was wrapped.
 */
import { fromBase64 } from './bytes.js';
import type { ReadContext, ReadOutcome } from './context.js';
import { hasPemArmour } from './pem.js';
import { decodeText, isKeystoreMagic, looksLikeText, readNested } from './readers.js';
import type { Finding } from './types.js';

function note(out: ReadOutcome, finding: Finding): ReadOutcome {
  for (const item of out.items) item.findings.push({ ...finding });
  return out;
}

/** What base64-decoded bytes look like, or undefined when they are nothing we would read. */
function wrappedWhat(bytes: Uint8Array): string | undefined {
  if (bytes.length === 0) return undefined;
  if (isKeystoreMagic(bytes)) return 'a Java keystore';
  if (bytes[0] === 0x30) return 'DER';
  if (looksLikeText(bytes) && hasPemArmour(decodeText(bytes))) return 'a PEM file';
  return undefined;
}

/** Base64 text of a whole file: decoded once and read; declined when it decodes to nothing we know. */
export async function readBase64(text: string, ctx: ReadContext): Promise<ReadOutcome | undefined> {
  const trimmed = text.trim();
  const urlSafe = /[-_]/.test(trimmed);
  const bytes = fromBase64(urlSafe ? trimmed.replace(/-/g, '+').replace(/_/g, '/') : trimmed);
  if (!bytes) return undefined;
  const what = wrappedWhat(bytes);
  if (!what) return undefined;
  const lines = trimmed.split('\n').length;
  const shape = `${urlSafe ? 'base64url' : 'base64'}${lines > 1 ? `, ${lines} lines` : ', one line'}`;
  const out = await readNested(bytes, ctx, { unwrapping: 'base64' });
  return note(out, {
    code: 'wrapped_base64',
    severity: 'info',
    message: `The whole file is ${what} encoded as base64 (${shape}), as \`kubectl … -o jsonpath\` or a web portal gives it; it was decoded before reading.`,
  });
}

/** Text with a UTF-16 byte-order mark, decoded and read as text. */
export async function readUtf16(bytes: Uint8Array, ctx: ReadContext): Promise<ReadOutcome> {
  const le = bytes[0] === 0xff;
  const label = le ? 'utf-16le' : 'utf-16be';
  if (bytes.length % 2 !== 0) {
    return { items: [], errors: [{ code: 'unknown_format', message: `This file starts with a ${label.toUpperCase()} byte-order mark but has an odd number of bytes: it is not UTF-16 text.` }] };
  }
  let text: string;
  try {
    text = new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return { items: [], errors: [{ code: 'unknown_format', message: `This file starts with a ${label.toUpperCase()} byte-order mark but is not valid UTF-16 text.` }] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const out = await readNested(new TextEncoder().encode(text), ctx, { unwrapping: 'charset' });
  return note(out, {
    code: 'wrapped_utf16',
    severity: 'info',
    message: `The file is ${label.toUpperCase()} text with a byte-order mark (as Windows PowerShell 5 saves it); it was read as text.`,
  });
}
