/**
 * The documents of a YAML or JSON text, parsed with limits: JSON by the platform's parser after
 * a linear depth check; YAML (1.2, which JSON is a subset of) by the `yaml` package with its
 * alias-expansion limit on, after checks of size and nesting that keep its recursive composer
 * and its time bounded. Never hand-parses YAML.
 */
import { parseAllDocuments } from 'yaml';
import { fail } from '../crypto/errors.js';

export const KUBE_LIMITS = {
  /**
   * YAML text per file. The YAML library reads ~1–4 MB/s here and each value is then read like
   * a file, so this keeps a hostile file near a second on a busy machine. A Secret or ConfigMap
   * with a full root-store bundle (~300 KB of base64) fits; bigger exports go as JSON
   * (`kubectl get … -o json`), which has no limit beyond the file's.
   */
  yamlBytes: 512 * 1024,
  /** Nesting of JSON arrays/objects and of YAML collections; manifests nest under 20 deep. */
  depth: 64,
  /** YAML alias nodes resolved per document (the "billion laughs" expansion). */
  aliases: 100,
  /** Indentation of one YAML line (block nesting shows as indentation). */
  indent: 1024,
  /**
   * YAML structure marks per file (`:` `,` `[` `{` `&` `*` `!` `?`, `- ` items, `---`), a bound on
   * its nodes: the YAML library costs 40–200 µs per node here (19,000 keys took 4 s, 4,900 keys
   * 0.7–1.8 s on a busy machine). A Secret or kubeconfig has a few dozen marks (with kubectl's
   * managedFields ~70); base64 and PEM text hold none. Bigger exports go as JSON.
   */
  yamlMarks: 2_500,
  /** Lines of YAML per file (lexing costs ~13 µs a line on a busy machine); a root-store bundle in a block scalar is ~3,500. */
  yamlLines: 10_000,
  /** Values read per file (each is read like a file); a Secret holds a handful, a big List thousands. */
  values: 10_000,
} as const;

const fmt = (n: number) => n.toLocaleString('en-US');

/** Whether the text is JSON (starts with `{` or `[` after white space). */
export function isJsonText(text: string): boolean {
  const m = /^\s*([{[])/.exec(text.length > 256 ? text.slice(0, 256) : text);
  return m !== null;
}

/** Deepest nesting of JSON brackets, strings skipped; stops counting past `limit`. */
function jsonDepth(text: string, limit: number): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
    } else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** A generous upper bound of YAML nesting (flow brackets; indentation plus compact "- " starts) and of its nodes (marks). */
function yamlNesting(text: string): { flow: number; indent: number; marks: number; lines: number } {
  let marks = 0;
  let lines = 1;
  let flow = 0;
  let maxFlow = 0;
  let maxIndent = 0;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lines++;
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      // Leading spaces and each "- " / "? " / ": " indicator before the content nest one level more.
      if (c === 32 || ((c === 45 || c === 63 || c === 58) && text.charCodeAt(i + 1) === 32)) {
        indent += c === 32 ? 1 : 2;
        if (c !== 32) {
          i++;
          marks++;
        }
        if (indent > maxIndent) maxIndent = indent;
        continue;
      }
      lineStart = false;
      if (c === 45 && text.startsWith('---', i)) marks++;
    }
    // : , [ { & * ! ?
    if (c === 58 || c === 44 || c === 91 || c === 123 || c === 38 || c === 42 || c === 33 || c === 63) marks++;
    if (c === 91 || c === 123) {
      if (++flow > maxFlow) maxFlow = flow;
    } else if ((c === 93 || c === 125) && flow > 0) flow--;
  }
  return { flow: maxFlow, indent: maxIndent, marks, lines };
}

export interface ParsedDocuments {
  docs: unknown[];
  /** Per-document syntax problems: `line N: message`. */
  syntax: string[];
}

export function parseDocuments(text: string): ParsedDocuments {
  if (isJsonText(text)) {
    if (jsonDepth(text, KUBE_LIMITS.depth) > KUBE_LIMITS.depth) fail('limit_exceeded', `the JSON is nested more than ${KUBE_LIMITS.depth} deep`);
    try {
      return { docs: [JSON.parse(text)], syntax: [] };
    } catch (e) {
      return { docs: [], syntax: [e instanceof Error ? e.message : String(e)] };
    }
  }
  if (text.length > KUBE_LIMITS.yamlBytes) {
    fail('limit_exceeded', `YAML over ${fmt(KUBE_LIMITS.yamlBytes / 1024)} KiB is not read; export bigger manifests and lists as JSON (kubectl get … -o json), which is read up to the file limit`);
  }
  const n = yamlNesting(text);
  if (n.marks > KUBE_LIMITS.yamlMarks || n.lines > KUBE_LIMITS.yamlLines) {
    const what = n.marks > KUBE_LIMITS.yamlMarks ? `${fmt(KUBE_LIMITS.yamlMarks)} keys, items and other structure marks` : `${fmt(KUBE_LIMITS.yamlLines)} lines`;
    fail('limit_exceeded', `the YAML has more than ${what}, more than a manifest has; export it as JSON (kubectl get … -o json) to read it`);
  }
  if (n.flow > KUBE_LIMITS.depth || n.indent > KUBE_LIMITS.indent) fail('limit_exceeded', `the YAML is nested more deeply than any manifest (over ${n.flow > KUBE_LIMITS.depth ? `${KUBE_LIMITS.depth} brackets` : `${fmt(KUBE_LIMITS.indent)} columns`})`);
  const out: ParsedDocuments = { docs: [], syntax: [] };
  for (const doc of parseAllDocuments(text, { prettyErrors: true, uniqueKeys: false })) {
    if (doc.errors.length) {
      const e = doc.errors[0]!;
      out.syntax.push(`${e.linePos?.[0] ? `line ${e.linePos[0].line}: ` : ''}${e.message.split('\n')[0]}`);
      continue;
    }
    try {
      out.docs.push(doc.toJS({ maxAliasCount: KUBE_LIMITS.aliases }));
    } catch (e) {
      if (e instanceof ReferenceError && /alias count/i.test(e.message)) fail('limit_exceeded', `the YAML expands aliases more than ${KUBE_LIMITS.aliases} times (a resource exhaustion attack, or far beyond any manifest)`);
      out.syntax.push(e instanceof Error ? e.message : String(e));
    }
  }
  return out;
}
