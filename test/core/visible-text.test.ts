import { describe, expect, it } from 'vitest';
import { hasHiddenCharacters, hiddenCharacters, visibleText } from '../../core/visible-text.js';

describe('visibleText', () => {
  const cases: { name: string; input: string; want: string }[] = [
    { name: 'plain ASCII stays', input: 'CN=www.example.test, O=Example', want: 'CN=www.example.test, O=Example' },
    { name: 'non-Latin letters stay', input: 'CN=Ελληνικά 日本 аpple', want: 'CN=Ελληνικά 日本 аpple' },
    { name: 'OSC title sequence', input: 'a\x1b]0;pwned\x07b', want: 'a\\x1b]0;pwned\\x07b' },
    { name: 'screen clear', input: '\x1b[2J', want: '\\x1b[2J' },
    { name: 'carriage return and newline', input: 'bad\rOK\n', want: 'bad\\x0dOK\\x0a' },
    { name: 'DEL and C1 CSI', input: 'x\x7f\x9by', want: 'x\\x7f\\x9by' },
    { name: 'bidi override', input: 'evil\u202Etxt.exe', want: 'evil<U+202E>txt.exe' },
    { name: 'bidi isolates', input: '\u2066a\u2069', want: '<U+2066>a<U+2069>' },
    { name: 'zero-width space', input: 'pay\u200Bpal', want: 'pay<U+200B>pal' },
    { name: 'soft hyphen', input: 'www.pay\u00ADpal.com', want: 'www.pay<U+00AD>pal.com' },
    { name: 'BOM and word joiner', input: '\uFEFFa\u2060', want: '<U+FEFF>a<U+2060>' },
    { name: 'tag characters (astral)', input: 'a\u{E0041}', want: 'a<U+E0041>' },
    { name: 'tab is a control too', input: 'a\tb', want: 'a\\x09b' },
    // Default-ignorable characters a hand-made list once missed: each renders as nothing.
    { name: 'variation selector inside a name', input: 'pay\uFE0Fpal', want: 'pay<U+FE0F>pal' },
    { name: 'combining grapheme joiner', input: 'pay\u034Fpal', want: 'pay<U+034F>pal' },
    { name: 'Mongolian free variation selector', input: 'a\u180Bb', want: 'a<U+180B>b' },
    { name: 'Khmer invisible vowel', input: 'a\u17B4b', want: 'a<U+17B4>b' },
    { name: 'shorthand format control', input: 'a\u{1BCA0}b', want: 'a<U+1BCA0>b' },
    { name: 'variation selector supplement', input: 'a\u{E0100}b', want: 'a<U+E0100>b' },
    { name: 'line separator', input: 'a\u2028b', want: 'a<U+2028>b' },
  ];
  for (const c of cases) it(c.name, () => expect(visibleText(c.input)).toBe(c.want));

  it('reports whether and which characters are hidden', () => {
    expect(hasHiddenCharacters('plain')).toBe(false);
    expect(hasHiddenCharacters('a\u202Eb')).toBe(true);
    expect(hiddenCharacters('a\u200Bb\u200Bc\x1b')).toEqual(['<U+200B>', '\\x1b']);
  });

  it('rewrites every default-ignorable, bidi-control and control character, and nothing visible', () => {
    const ignorable = /[\p{Default_Ignorable_Code_Point}\p{Bidi_Control}\p{Cc}]/u;
    const missed: string[] = [];
    for (let c = 0; c <= 0x10ffff; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCodePoint(c);
      if (ignorable.test(ch) !== hasHiddenCharacters(ch) && c !== 0x2028 && c !== 0x2029 && (c < 0xfff9 || c > 0xfffb)) missed.push(c.toString(16));
    }
    expect(missed).toEqual([]);
    for (const visible of ['a', ' ', '\u00e9', '\u0430', '\u65e5', '\u{1F600}', '\u00a0']) expect(hasHiddenCharacters(visible)).toBe(false);
  });

  it('is idempotent: its output has nothing left to rewrite', () => {
    for (const c of cases) expect(hasHiddenCharacters(visibleText(c.input))).toBe(false);
  });
});
