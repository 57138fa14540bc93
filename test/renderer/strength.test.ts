/** The new-password hint of Export / Convert: length and kinds of characters, and the patterns guessers try first. */
import { describe, expect, it } from 'vitest';
import { passwordStrength, type StrengthLevel } from '../../renderer/src/lib/strength.js';

const TABLE: { name: string; input: string; want: StrengthLevel; says?: RegExp }[] = [
  { name: 'nothing typed', input: '', want: 'empty', says: /Type a new password/ },
  { name: 'a short word', input: 'tiger', want: 'weak', says: /5 characters; lower-case letters/ },
  { name: 'a common password with a digit', input: 'password1', want: 'weak', says: /contains "password"/ },
  { name: 'a common word hidden in capitals', input: 'ChangeIt2024', want: 'weak', says: /contains "changeit"/ },
  { name: 'one character repeated', input: 'aaaaaaaaaaaa', want: 'weak' },
  { name: 'a keyboard run', input: 'abcdefghijkl', want: 'weak' },
  { name: 'eight mixed characters', input: 'x7#Kq2!v', want: 'fair', says: /8 characters; lower-case letters, capitals, digits, symbols/ },
  { name: 'twelve mixed characters', input: 'x7#Kq2!vR9$m', want: 'good' },
  { name: 'five unrelated words', input: 'orbit velvet canyon tulip wren', want: 'strong' },
  { name: 'letters beyond ASCII count as their own kind', input: 'łódź-żółw-ęą', want: 'strong', says: /letters beyond ASCII/ },
];

describe('passwordStrength', () => {
  it.each(TABLE)('$name', ({ input, want, says }) => {
    const s = passwordStrength(input);
    expect(s.level).toBe(want);
    if (says) expect(s.words).toMatch(says);
  });

  it('never grows weaker as characters are added to a random-looking password', () => {
    const order: StrengthLevel[] = ['empty', 'weak', 'fair', 'good', 'strong'];
    const full = 'Vq8#nT2$wL5!zR7@';
    let last = 0;
    for (let n = 0; n <= full.length; n++) {
      const at = order.indexOf(passwordStrength(full.slice(0, n)).level);
      expect(at).toBeGreaterThanOrEqual(last);
      last = at;
    }
    expect(order[last]).toBe('strong');
  });
});
