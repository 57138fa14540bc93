/**
 * A hint about a new password's strength, from what can be seen without a network or a big
 * dictionary: its length, its kinds of characters, and the patterns guessers try first
 * (one character repeated, a run like "abcd" or "1234", a handful of the most used passwords).
 * A hint, not a verdict: it never blocks a password.
 */

export type StrengthLevel = 'empty' | 'weak' | 'fair' | 'good' | 'strong';

export interface Strength {
  level: StrengthLevel;
  /** Rough guessing cost, in bits, after the patterns below. */
  bits: number;
  /** One sentence for the person typing. */
  words: string;
}

/** The most used passwords and their usual stems: a guesser's first tries. */
const COMMON = ['password', 'passw0rd', 'qwerty', 'azerty', 'letmein', 'welcome', 'changeit', 'changeme', 'admin', 'secret', 'iloveyou', 'monkey', 'dragon', 'master', 'login', 'abc123', 'football', 'baseball', 'sunshine', 'princess', 'trustno1', 'server', 'default', 'test'];

const CLASSES: [RegExp, number, string][] = [
  [/[a-z]/, 26, 'lower-case letters'],
  [/[A-Z]/, 26, 'capitals'],
  [/[0-9]/, 10, 'digits'],
  [/[^A-Za-z0-9\s\u0080-\uffff]/, 33, 'symbols'],
  [/\s/, 1, 'spaces'],
  [/[\u0080-\uffff]/, 100, 'letters beyond ASCII'],
];

/** Characters that add little: a repeat of the previous one, or the next in a run (abc, 321). */
function predictable(chars: string[]): number {
  let n = 0;
  for (let i = 1; i < chars.length; i++) {
    const d = chars[i]!.codePointAt(0)! - chars[i - 1]!.codePointAt(0)!;
    if (d === 0 || d === 1 || d === -1) n++;
  }
  return n;
}

export function passwordStrength(password: string): Strength {
  if (password.length === 0) return { level: 'empty', bits: 0, words: 'Type a new password.' };
  const chars = Array.from(password);
  const classes = CLASSES.filter(([re]) => re.test(password));
  const pool = classes.reduce((n, [, size]) => n + size, 0);
  const lower = password.toLowerCase();
  const common = COMMON.find((w) => lower.includes(w));
  // A common word counts as one guess among a few thousand, whatever its length.
  const rest = common ? chars.length - common.length : chars.length;
  const effective = Math.max(0, rest - predictable(chars) / 2);
  const bits = Math.round(effective * Math.log2(Math.max(pool, 2)) + (common ? 12 : 0));
  const level: StrengthLevel = bits < 40 ? 'weak' : bits < 60 ? 'fair' : bits < 80 ? 'good' : 'strong';
  const kinds = classes.map(([, , name]) => name);
  const parts = [`${chars.length} character${chars.length === 1 ? '' : 's'}`, kinds.length ? kinds.join(', ') : ''];
  const advice = common
    ? `it contains "${common}", one of the first words guessers try`
    : level === 'weak' || level === 'fair'
      ? 'longer is better: four or five unrelated words make a strong one'
      : '';
  const verdict = { weak: 'Weak', fair: 'Fair', good: 'Good', strong: 'Strong' }[level];
  return { level, bits, words: `${verdict}: ${parts.filter(Boolean).join('; ')}${advice ? `. ${advice[0]!.toUpperCase()}${advice.slice(1)}` : ''}.` };
}
