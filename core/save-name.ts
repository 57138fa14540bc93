/**
 * The names the app saves files under. The window suggests them, the desktop main process
 * enforces them (a renderer it cannot trust names every file of a folder save), and nothing
 * else may pass: no hidden files (`.bash_profile`), no extension-less names (`authorized_keys`),
 * no path separators, no characters that act instead of show (bidi overrides, zero-width
 * spaces: core/visible-text.ts), nothing a file system refuses, and a bounded length.
 */
import { hasHiddenCharacters } from './visible-text.js';

/**
 * Extensions of every file the app writes: generated sets (`ca.crt`, `server.key`,
 * `keypair.pub.pem`, `keypair.pub`, `server.csr`, `fullchain.pem`), single-item exports (PEM,
 * DER, CRL, PKCS#7) and the conversions (PKCS#12 `.p12`/`.pfx`, PKCS#8 and OpenSSH keys as
 * `.key`/`.pem`, PuTTY `.ppk`, JWK `.jwk`/`.json`).
 */
export const SAVE_EXTENSIONS: readonly string[] = ['crt', 'cer', 'pem', 'der', 'key', 'pub', 'csr', 'crl', 'p7b', 'p12', 'pfx', 'jwk', 'json', 'ppk'];

/** Room under every file system's 255-byte limit for a " (12)" suffix and a temporary name. */
export const MAX_SAVE_NAME_BYTES = 128;

// Windows refuses these whatever the extension; refusing them everywhere keeps a saved set portable.
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
// eslint-disable-next-line no-control-regex
const REFUSED_BY_FILE_SYSTEMS = /[\u0000-\u001f\u007f<>:"|?*]/;

const utf8Length = (s: string): number => new TextEncoder().encode(s).length;

/** The lower-case extension after the last dot, or undefined when there is none. */
function extensionOf(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : undefined;
}

/** Why `name` is not a name the app saves under, or undefined when it is. */
export function saveNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'the name is empty';
  if (utf8Length(name) > MAX_SAVE_NAME_BYTES) return `the name is longer than ${MAX_SAVE_NAME_BYTES} bytes`;
  if (/[/\\]/.test(name)) return 'the name contains a path separator';
  if (name.startsWith('.')) return 'the name starts with a dot (a hidden file)';
  if (name.includes('..')) return 'the name contains ".."';
  if (REFUSED_BY_FILE_SYSTEMS.test(name)) return 'the name contains a control character or one that file systems refuse (< > : " | ? *)';
  if (hasHiddenCharacters(name)) return 'the name contains an invisible or text-direction character';
  if (RESERVED.test(name)) return 'the name is reserved on Windows';
  if (/^ |[. ]$/.test(name)) return 'the name starts with a space or ends with a dot or space';
  const ext = extensionOf(name);
  if (ext === undefined || !SAVE_EXTENSIONS.includes(ext)) return `the name does not end in an extension the app writes (.${SAVE_EXTENSIONS.join(', .')})`;
  return undefined;
}

/**
 * A name `saveNameProblem` accepts, made from a suggestion that may come from a file's name
 * (and so hold anything): refused characters become `_`, leading dots and surrounding spaces
 * go, the base is shortened to fit, and an extension the app does not write gets
 * `.fallbackExtension` added.
 */
export function safeSaveName(suggestion: string, fallbackExtension = 'pem'): string {
  let name = Array.from(suggestion, (ch) => (/[/\\]/.test(ch) || REFUSED_BY_FILE_SYSTEMS.test(ch) || hasHiddenCharacters(ch) ? '_' : ch)).join('');
  name = name.replace(/\.{2,}/g, '.').replace(/^[. ]+/, '').replace(/[. ]+$/, '');
  let ext = extensionOf(name);
  let base = ext !== undefined ? name.slice(0, name.length - ext.length - 1) : name;
  if (ext === undefined || !SAVE_EXTENSIONS.includes(ext)) {
    base = name;
    ext = SAVE_EXTENSIONS.includes(fallbackExtension) ? fallbackExtension : 'pem';
  } else {
    // Keep the extension as written (`.CER` stays `.CER`).
    ext = name.slice(name.length - ext.length);
  }
  base = base.replace(/[. ]+$/, '');
  if (base === '') base = 'file';
  if (RESERVED.test(base)) base = `_${base}`;
  const room = MAX_SAVE_NAME_BYTES - utf8Length(`.${ext}`);
  if (utf8Length(base) > room) {
    const chars = Array.from(base);
    while (chars.length > 0 && utf8Length(chars.join('')) > room) chars.pop();
    base = chars.join('').replace(/[. ]+$/, '') || 'file';
  }
  return `${base}.${ext}`;
}
