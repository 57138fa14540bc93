/** Small byte helpers shared by every reader. Pure, no Node or DOM APIs. */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const HEX_CODES = new Uint8Array(512);
for (let i = 0; i < 256; i++) {
  HEX_CODES[2 * i] = HEX[i]!.charCodeAt(0);
  HEX_CODES[2 * i + 1] = HEX[i]!.charCodeAt(1);
}
/**
 * Hex digits are written into one reused buffer and decoded in one native call: `out += pair`
 * leaves a cons-string of garbage per byte, which dominated the list path's GC. The digits are
 * ASCII, which every Latin-1 decoder maps to itself.
 */
let hexScratch = new Uint8Array(4096);
const asciiDecoder = new TextDecoder('latin1');

export function toHex(bytes: Uint8Array, separator = ''): string {
  if (separator) {
    let out = '';
    for (let i = 0; i < bytes.length; i++) {
      if (i > 0) out += separator;
      out += HEX[bytes[i]!];
    }
    return out;
  }
  const n = bytes.length * 2;
  if (n > hexScratch.length) hexScratch = new Uint8Array(Math.max(n, hexScratch.length * 2));
  const codes = hexScratch;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]! * 2;
    codes[2 * i] = HEX_CODES[b]!;
    codes[2 * i + 1] = HEX_CODES[b + 1]!;
  }
  return asciiDecoder.decode(codes.subarray(0, n));
}

export function fromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[^0-9a-fA-F]/g, '');
  const out = new Uint8Array(clean.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  return concatByteList(parts);
}

/** `concatBytes` of a list of any length (a spread of a file-sized list overflows the stack). */
export function concatByteList(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function utf8Encode(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/** Decodes UTF-8; with `strict`, returns undefined for invalid UTF-8 instead of inserting U+FFFD. */
export function utf8Decode(bytes: Uint8Array, strict = false): string | undefined {
  if (!strict) return lenientUtf8.decode(bytes);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** Latin-1 / byte string: one char per byte (for ASCII-ish ASN.1 string types). */
export function latin1Decode(bytes: Uint8Array): string {
  // apply() takes the typed array as it is; a spread would first copy it through an iterator.
  if (bytes.length <= 8192) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  let s = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192) as unknown as number[]);
  }
  return s;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = (() => {
  const t = new Int16Array(256).fill(-1);
  for (let i = 0; i < 64; i++) t[B64.charCodeAt(i)] = i;
  return t;
})();

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out += B64[(n >> 18) & 63]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + '=';
  }
  return out;
}

/**
 * Strict base64 decoding that ignores ASCII white space. Returns undefined on any other
 * character, on misplaced padding, or on a length that is not a whole number of quanta
 * (after adding the padding an encoder may have left off).
 */
export function fromBase64(text: string): Uint8Array | undefined {
  if (nativeBase64 && text.length >= NATIVE_MIN_CHARS) {
    const n = strictBase64Length(text);
    if (n === undefined) return undefined;
    if (n >= 0) {
      try {
        return nativeBase64(text);
      } catch {
        // fall through: the loop gives the verdict
      }
    }
  }
  return base64Loop(text);
}

/**
 * The platform's base64 decoder where there is one (Node's Buffer, `Uint8Array.fromBase64` in
 * Chromium 140+): several times faster than the loop below over a 15 MB bundle. Both skip ASCII
 * white space like the loop; they are lenient about everything else, so `strictBase64Length`
 * checks the text first with the same rules.
 */
const nativeBase64: ((text: string) => Uint8Array) | undefined = (() => {
  const fromB64 = (Uint8Array as unknown as { fromBase64?: (s: string) => Uint8Array }).fromBase64;
  if (typeof fromB64 === 'function') return (s: string) => fromB64.call(Uint8Array, s);
  const B = (globalThis as { Buffer?: { from(s: string, enc: 'base64'): Uint8Array } }).Buffer;
  if (B && typeof B.from === 'function') {
    // A plain view: a Buffer's slice() shares memory, and callers expect slice() to copy.
    return (s: string) => {
      const b = B.from(s, 'base64');
      return new Uint8Array(b.buffer, b.byteOffset, b.length);
    };
  }
  return undefined;
})();
/** Below this, a call into the platform costs more than the loop. */
const NATIVE_MIN_CHARS = 64;
/**
 * Base64 characters and white space, then at most two '=' (white space between them allowed).
 * Vertical tab is left to the loop: the loop skips it, `Uint8Array.fromBase64` does not.
 */
const BASE64_SHAPE = /^[A-Za-z0-9+/\t\n\f\r ]*(?:=[\t\n\f\r ]*){0,2}$/;

/** The common shape: line breaks are the only white space (counted with the engine's native search). */
const BASE64_LINES = /^[A-Za-z0-9+/\n\r]*(?:=[\n\r]*){0,2}$/;

function countChar(text: string, ch: string): number {
  let n = 0;
  for (let p = text.indexOf(ch); p !== -1; p = text.indexOf(ch, p + 1)) n++;
  return n;
}

/**
 * Checks `text` against the rules of `base64Loop`: undefined when it would be refused, else the
 * number of base64 characters (padding included); -1 when the quick check cannot tell.
 */
function strictBase64Length(text: string): number | undefined {
  let space = 0;
  if (BASE64_LINES.test(text)) space = countChar(text, '\n') + countChar(text, '\r');
  else if (BASE64_SHAPE.test(text)) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) <= 32) space++;
  } else return -1; // the loop gives the exact verdict on odd input
  let pad = 0;
  for (let i = text.length - 1; i >= 0 && pad < 3; i--) {
    const c = text.charCodeAt(i);
    if (c === 61) pad++;
    else if (c > 32) break;
  }
  const count = text.length - space;
  if (pad > 0 && count % 4 !== 0) return undefined;
  if ((count - pad) % 4 === 1) return undefined;
  return count;
}

/** The portable decoder (exported for the test that holds the native path to its verdicts). */
export function base64Loop(text: string): Uint8Array | undefined {
  const out = new Uint8Array(Math.ceil((text.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  let pad = 0;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11) continue;
    if (c === 61 /* = */) {
      pad++;
      count++;
      continue;
    }
    if (pad > 0) return undefined; // data after padding
    const v = c < 256 ? B64_INDEX[c]! : -1;
    if (v < 0) return undefined;
    acc = (acc << 6) | v;
    bits += 6;
    count++;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  if (pad > 2) return undefined;
  if (pad > 0 && count % 4 !== 0) return undefined;
  if ((count - pad) % 4 === 1) return undefined;
  if (o === out.length) return out;
  // V8 keeps typed arrays of up to 64 bytes inside the heap; a view of one (subarray, .buffer)
  // first moves it out, about 1 µs a call, which dominated reading 800,000 tiny PEM blocks
  // (bench/hostile.mjs). A copy of so few bytes is cheaper; big arrays are viewed, not copied.
  return out.length <= 64 ? out.slice(0, o) : out.subarray(0, o);
}

/** b^e mod m by square-and-multiply (bigint has no modular exponentiation of its own). */
export function modPow(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  while (e > 0n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return r;
}

/** Unsigned big-endian bytes to bigint. */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  // Through hex: linear. Shifting in a byte at a time copies the growing number each time,
  // which is quadratic (a hostile 150 KB INTEGER took 36 s).
  return bytes.length === 0 ? 0n : BigInt('0x' + toHex(bytes));
}

export function bigIntToBytes(n: bigint, length?: number): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const raw = fromHex(hex);
  if (length === undefined || raw.length >= length) return raw;
  const out = new Uint8Array(length);
  out.set(raw, length - raw.length);
  return out;
}

/** Strips leading zero bytes (of an unsigned integer's encoding). */
export function stripLeadingZeros(bytes: Uint8Array): Uint8Array {
  let i = 0;
  while (i < bytes.length - 1 && bytes[i] === 0) i++;
  return bytes.subarray(i);
}

/** Bit length of an unsigned big-endian integer. */
export function bitLength(bytes: Uint8Array): number {
  const b = stripLeadingZeros(bytes);
  if (b.length === 0 || (b.length === 1 && b[0] === 0)) return 0;
  return (b.length - 1) * 8 + (32 - Math.clz32(b[0]!));
}

/**
 * `AB:CD:…`, as OpenSSL prints fingerprints and serials: hex digits in pairs (an odd count gets a
 * leading 0), upper case unless asked otherwise; a negative serial ("-3039", as `openssl x509
 * -serial` prints it) keeps its sign in front. The one colon-hex of the CLI and the window.
 */
export function colonHex(hex: string, upper = true): string {
  if (hex.startsWith('-')) return '-' + colonHex(hex.slice(1), upper);
  const s = ((hex.length % 2 ? '0' + hex : hex).match(/../g) ?? []).join(':');
  return upper ? s.toUpperCase() : s.toLowerCase();
}
