/**
 * Text that came out of a file (subjects, SAN values, comments, PEM labels, file names) is
 * untrusted. Before it reaches a terminal or sits among the app's own sentences, every
 * character that can act instead of show is made visible:
 *
 * - C0 controls, DEL and C1 controls (ESC starts terminal commands: titles, screen clears,
 *   OSC 52 clipboard writes; CR overwrites a line; BEL, BS, NEL…) become `\xHH`;
 * - bidirectional overrides, embeddings, isolates and marks (U+202A–202E, U+2066–2069,
 *   U+200E/200F, U+061C), which reorder the text around them, become `<U+202E>`;
 * - invisible characters that hide inside names become `<U+200B>`: every Unicode
 *   Default_Ignorable_Code_Point (zero-width space/joiners, word joiner, invisible operators,
 *   BOM, soft hyphen, combining grapheme joiner, variation selectors, Mongolian and Khmer
 *   invisibles, Hangul fillers, tag characters...), plus the line/paragraph separators and the
 *   interlinear annotation controls. The Unicode property is the definition, so a character
 *   the standard calls ignorable cannot be missing from a hand-made list.
 *
 * A backslash is left alone: the text is for people to read, not for a parser, and `\x1b`
 * written by a file is harmless once its escape byte is not a real ESC.
 */

/** One class covering every character `visibleText` rewrites. */
/**
 * The characters `visibleText` rewrites, as the body of a regular-expression class (`u` flag),
 * for callers that escape them some other way (JSON's `\u202e`) or keep one of them (a line break).
 */
export const HIDDEN_CHARACTER_CLASS = '\\p{Cc}\\p{Default_Ignorable_Code_Point}\\p{Bidi_Control}\\u2028\\u2029\\ufff9-\\ufffb';
const UNSAFE = new RegExp(`[${HIDDEN_CHARACTER_CLASS}]`, 'gu');
const UNSAFE_TEST = new RegExp(UNSAFE.source, 'u');

const hex = (n: number, width: number) => n.toString(16).toUpperCase().padStart(width, '0');

function show(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return `\\x${hex(code, 2).toLowerCase()}`;
  return `<U+${hex(code, 4)}>`;
}

/** `s` with every control, bidi and invisible character shown visibly (see above). */
export function visibleText(s: string): string {
  return UNSAFE_TEST.test(s) ? s.replace(UNSAFE, show) : s;
}

/** Whether `s` holds a character that `visibleText` would rewrite. */
export function hasHiddenCharacters(s: string): boolean {
  return UNSAFE_TEST.test(s);
}

/** The distinct characters of `s` that `visibleText` rewrites, as their visible forms, in order. */
export function hiddenCharacters(s: string): string[] {
  const seen = new Set<string>();
  for (const m of s.matchAll(UNSAFE)) seen.add(show(m[0]));
  return [...seen];
}
