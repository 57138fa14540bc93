/**
 * The `inspect --json` shape (DESIGN.md). Fields are copied one by one from a whitelist
 * rather than by spreading the Item: the Item carries `der` (for a private key, the key
 * itself) and `tbs`, and a new field added to core/types.ts must not leak into scripts'
 * output by accident.
 */
import type { DistinguishedName, ExtensionInfo, Item, PublicKeyInfo } from '../core/types.js';
import { HIDDEN_CHARACTER_CLASS } from '../core/visible-text.js';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };
type JsonObject = { [key: string]: Json | undefined };

export interface FileReport {
  path: string;
  items: Item[];
  errors: { code: string; message: string; detail?: string }[];
}

/** What a folder held that was not read (walk.ts), listed after the files when there is any. */
export interface SkippedEntry {
  path: string;
  reason: string;
  message: string;
}

export function filesToJson(files: FileReport[], skipped: SkippedEntry[] = []): Json {
  return {
    files: files.map((f) => ({
      path: f.path,
      items: f.items.map(itemToJson),
      errors: f.errors.map((e) => ({ code: e.code, message: e.message, detail: e.detail })),
    })),
    skipped: skipped.length ? skippedToJson(skipped) : undefined,
  };
}

function skippedToJson(skipped: SkippedEntry[]): Json[] {
  return skipped.map((s) => ({ path: s.path, reason: s.reason, message: s.message }));
}

function nameAttributes(dn: DistinguishedName): Json[] {
  return dn.attributes.map((a) => ({ oid: a.oid, name: a.name, value: a.value, type: a.type, rdn: a.rdn }));
}

function extensionsToJson(exts: ExtensionInfo[]): Json[] {
  return exts.map((e) => ({
    name: e.name,
    oid: e.oid,
    critical: e.critical,
    lines: [...e.lines],
    status: e.status,
    rawHex: e.rawHex,
  }));
}

function keyFacts(pk: PublicKeyInfo | undefined): JsonObject {
  if (!pk) return {};
  return { algorithm: pk.algorithm, bits: pk.bits, curve: pk.curve, exponent: pk.exponent, spkiSha256: pk.spkiSha256 };
}

export function itemToJson(item: Item): Json {
  const o: JsonObject = {
    kind: item.kind,
    sensitivity: item.sensitivity,
    encrypted: item.encrypted,
    format: item.format,
    encoding: item.encoding,
    container: item.container,
    location: item.location,
    friendlyName: item.friendlyName,
    localKeyId: item.localKeyId,
    // JWK members that name the key (never key material: an oct key's k is not among them).
    jwk: item.jwk && { kid: item.jwk.kid, use: item.jwk.use, alg: item.jwk.alg, keyOps: item.jwk.keyOps && [...item.jwk.keyOps], thumbprint: item.jwk.thumbprint },
    label: item.label,
    index: item.source.index,
    pemLabel: item.source.pemLabel,
    line: item.source.line,
  };

  switch (item.kind) {
    case 'certificate':
      Object.assign(o, keyFacts(item.publicKey), {
        version: item.version,
        serial: item.serial,
        subject: item.subject.text,
        subjectAttributes: nameAttributes(item.subject),
        issuer: item.issuer.text,
        issuerAttributes: nameAttributes(item.issuer),
        notBefore: item.notBefore,
        notAfter: item.notAfter,
        signatureAlgorithm: item.signatureAlgorithm.name,
        selfIssued: item.selfIssued,
        extensions: extensionsToJson(item.extensions),
        sha1: item.sha1,
      });
      break;
    case 'certificate-request':
      Object.assign(o, keyFacts(item.publicKey), {
        version: item.version,
        subject: item.subject.text,
        subjectAttributes: nameAttributes(item.subject),
        signatureAlgorithm: item.signatureAlgorithm.name,
        challengePassword: item.challengePassword,
        attributes: [...item.attributes],
        extensions: extensionsToJson(item.extensions),
      });
      break;
    case 'crl':
      Object.assign(o, {
        version: item.version,
        issuer: item.issuer.text,
        issuerAttributes: nameAttributes(item.issuer),
        thisUpdate: item.thisUpdate,
        nextUpdate: item.nextUpdate,
        crlNumber: item.crlNumber,
        signatureAlgorithm: item.signatureAlgorithm.name,
        revoked: item.revoked.map((r) => ({ serial: r.serial, date: r.date, reason: r.reason })),
        extensions: extensionsToJson(item.extensions),
      });
      break;
    case 'public-key':
      Object.assign(o, keyFacts(item.publicKey), { comment: item.comment });
      break;
    case 'private-key':
      // Only public facts: the public half's numbers and hash, never the private key's.
      Object.assign(o, {
        algorithm: item.publicKey?.algorithm ?? item.algorithm,
        bits: item.publicKey?.bits ?? item.bits,
        curve: item.publicKey?.curve ?? item.curve,
        exponent: item.publicKey?.exponent,
        spkiSha256: item.publicKey?.spkiSha256,
        encryption: item.encryption,
        comment: item.comment,
      });
      break;
    case 'secret-key':
      // The algorithm and size only: a secret key's bytes never reach the output.
      Object.assign(o, { algorithm: item.algorithm, bits: item.bits, encryption: item.encryption });
      break;
    case 'pkcs12':
      Object.assign(o, { encryption: item.encryption });
      break;
    case 'parameters':
      Object.assign(o, { algorithm: item.algorithm, curve: item.curve });
      break;
  }

  o.sha256 = item.sha256;
  o.findings = item.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message }));
  o.warnings = item.warnings.map((w) => ({ code: w.code, message: w.message, detail: w.detail }));
  return o;
}

/**
 * Characters JSON.stringify leaves raw inside strings that a terminal would act on or hide:
 * DEL, C1 controls, bidi controls and invisibles (it escapes only C0 controls). A raw line
 * break is never inside a string, only between lines of the layout, and stays.
 */
const RAW_HIDDEN = new RegExp(`(?!\\n)[${HIDDEN_CHARACTER_CLASS}]`, 'gu');
const u4 = (unit: number) => '\\u' + unit.toString(16).padStart(4, '0');

/**
 * JSON text with those characters written as `\u202e` escapes: the same value for any JSON
 * reader, and nothing that reorders or hides text when the JSON itself is shown in a terminal.
 */
export function escapeHidden(json: string): string {
  // Most items are printable ASCII throughout, which two native scans say: nothing at or above
  // U+0080 (then the UTF-8 length is the length) and no DEL. JSON.stringify's text holds no raw
  // C0 control (it escapes them in strings, and its layout is spaces and line breaks); the
  // regular expression over every character cost ten times as much.
  if (Buffer.byteLength(json, 'utf8') === json.length && json.indexOf('\x7f') === -1) return json;
  return json.replace(RAW_HIDDEN, (ch) => (ch.length === 1 ? u4(ch.charCodeAt(0)) : u4(ch.charCodeAt(0)) + u4(ch.charCodeAt(1))));
}

/** Pretty JSON (two spaces); `undefined` fields vanish, as JSON.stringify does. */
export function stringify(value: Json): string {
  return escapeHidden(JSON.stringify(value, null, 2)) + '\n';
}

/*
 * Rendering in pieces, for the worker pool: items are rendered where they are parsed, and the
 * pieces join into exactly the text `stringify(filesToJson(...))` gives. JSON.stringify's
 * layout is fixed (two spaces a level), so a piece rendered at its own depth is the same text.
 */

/** Indentation of an item inside `{ files: [ { items: [ ... ] } ] }`. */
export const ITEM_INDENT = '        ';
/** Indentation of a file object inside `{ files: [ ... ] }`. */
export const FILE_INDENT = '    ';
/** An item nested four arrays deep is indented exactly as in the document: no re-indenting pass. */
const NEST_HEAD = '[\n  [\n    [\n      [\n' + ITEM_INDENT;
const NEST_TAIL = '\n      ]\n    ]\n  ]\n]';
/** Only the item's own keys sit at exactly this indentation, and JSON strings hold no raw newline. */
const INDEX_KEY = '\n' + ITEM_INDENT + '  "index": ';

/** An item rendered at its depth, split around the value of its top-level `index`, which the joiner fills in. */
export interface ItemPiece {
  head: string;
  /** Undefined when the item has no index (then `head` is the whole item). */
  tail?: string;
}

export function renderItem(item: Item): ItemPiece {
  const nested = escapeHidden(JSON.stringify([[[[itemToJson(item)]]]], null, 2));
  const text = nested.slice(NEST_HEAD.length, nested.length - NEST_TAIL.length);
  const at = text.indexOf(INDEX_KEY);
  if (at === -1) return { head: text };
  const valueStart = at + INDEX_KEY.length;
  let valueEnd = valueStart;
  while (valueEnd < text.length && text.charCodeAt(valueEnd) >= 48 && text.charCodeAt(valueEnd) <= 57) valueEnd++;
  return { head: text.slice(0, valueStart), tail: text.slice(valueEnd) };
}

export function joinItem(piece: ItemPiece, index: number): string {
  return piece.tail === undefined ? piece.head : piece.head + index + piece.tail;
}

/** A file object's text up to its items array. */
export function fileHead(path: string): string {
  return `{\n      "path": ${escapeHidden(JSON.stringify(path))},\n      "items": `;
}

/** A file object's text after its items array. */
export function fileTail(errors: FileReport['errors']): string {
  const errs = escapeHidden(
    JSON.stringify(
      errors.map((e) => ({ code: e.code, message: e.message, detail: e.detail })),
      null,
      2,
    ),
  );
  return `,\n      "errors": ${errs.replace(/\n/g, '\n      ')}\n${FILE_INDENT}}`;
}

export const ITEMS_OPEN = '[\n' + ITEM_INDENT;
export const ITEMS_SEPARATOR = ',\n' + ITEM_INDENT;
export const ITEMS_CLOSE = '\n      ]';
export const EMPTY_ITEMS = '[]';

/** One file object at its depth, from already rendered items (`joinItem`). */
export function renderFile(path: string, items: string[], errors: FileReport['errors']): string {
  const itemsText = items.length === 0 ? EMPTY_ITEMS : ITEMS_OPEN + items.join(ITEMS_SEPARATOR) + ITEMS_CLOSE;
  return fileHead(path) + itemsText + fileTail(errors);
}

export const DOCUMENT_OPEN = '{\n  "files": [\n';
export const FILE_SEPARATOR = ',\n';
export const DOCUMENT_CLOSE = '\n  ]\n}\n';

/** The end of the document after its last file: the `skipped` list, when there is one. */
export function documentClose(skipped: SkippedEntry[]): string {
  if (skipped.length === 0) return DOCUMENT_CLOSE;
  const list = escapeHidden(JSON.stringify(skippedToJson(skipped), null, 2)).replace(/\n/g, '\n  ');
  return `\n  ],\n  "skipped": ${list}\n}\n`;
}

/** The whole document from rendered files (`renderFile`). */
export function renderDocument(files: string[], skipped: SkippedEntry[] = []): string {
  if (files.length === 0) return stringify({ files: [], skipped: skipped.length ? skippedToJson(skipped) : undefined });
  return DOCUMENT_OPEN + FILE_INDENT + files.join(FILE_SEPARATOR + FILE_INDENT) + documentClose(skipped);
}
