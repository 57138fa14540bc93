/**
 * Work limits for ONE file: how much key-derivation time it may ask for (per derivation it
 * holds, not per password the user gave: see crypto/kdf.ts `metered`), how many items and errors
 * it may produce, how many private keys may have their public half computed. Single limits per
 * structure live in crypto/errors.ts (LIMITS); these add up across a whole file, so a file of
 * many cheap-looking parts cannot add up to minutes.
 *
 * A budget rides in ReadContext. `budgetOf(ctx)` creates one on first use and keeps it on the
 * context, so every block read with the same context (one `parseFile`) shares it.
 */
import type { ReadContext, ReadOutcome } from './context.js';
import { ReadFailure } from './crypto/errors.js';
import type { PrivateKeyFacts } from './keys/pkcs8.js';
import type { Problem } from './types.js';

export const FILE_LIMITS = {
  /**
   * Estimated key-derivation time per file, in milliseconds. The hostile-input contract allows
   * 1 s per parse; this leaves room for everything else a parse does.
   */
  kdfMs: 800,
  /** A 50 MiB file holds at most ~35,000 certificates; tiny items (SSH lines) are what this stops. */
  items: 50_000,
  errors: 100,
  /** Private keys whose public half must be computed (EC without its point, Ed/X25519/448, DSA): ~0.3–3 ms each. */
  derivedKeys: 256,
  /**
   * Estimated time for computing those public halves, per file, in milliseconds. Curve keys cost
   * about a millisecond, but a DSA key's cost grows with its parameters (p² · bits of x: ~1.6 ms
   * for 2048/256, ~40 ms for 10,000/256), so a count alone does not bound it.
   */
  deriveMs: 500,
} as const;

/**
 * `n.toLocaleString('en-US')` for the whole numbers these messages hold (50,000): without Intl,
 * whose first use costs every thread that loads this module some 25 ms of start-up (ITEMS_CAPPED
 * below is made at load time).
 */
export function fmt(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) return n.toLocaleString('en-US');
  let s = String(n);
  for (let i = s.length - 3; i > 0; i -= 3) s = s.slice(0, i) + ',' + s.slice(i);
  return s;
}

export class WorkBudget {
  kdfRuns = 0;
  /**
   * Charged KDF time: the estimates, not the clock, so that a file opens or is refused the same
   * way on a busy machine as on an idle one (the estimates are measured costs, rounded up).
   */
  kdfMs = 0;
  derivedKeys = 0;
  /** Estimated time of the public-key derivations admitted so far (the estimates, not the clock). */
  derivedMs = 0;
  /** Facts of private keys already read in this file, by SHA-256 of their PKCS#8: copies derive once. */
  readonly keyFacts = new Map<string, PrivateKeyFacts>();
  /** Derived keys so far, shared by every reader; the map key is a digest, never the password. */
  readonly kdfCache = new Map<string, Uint8Array>();
  /**
   * Derivation sites (function, parameters, salt: digests) already admitted: the file's work is
   * charged once per site, whatever the number of passwords the user gave.
   */
  readonly kdfSites = new Set<string>();
  /** Told before each key derivation runs (what, estimated ms): for progress on long password trials. */
  onKdf?: (e: { what: string; estimateMs: number }) => void;
  private refusedDerivation = false;

  constructor(readonly kdfLimitMs: number = FILE_LIMITS.kdfMs) {}

  /**
   * Called before a KDF runs. The first one is always allowed (its own limits are checked where
   * it is parsed), so an ordinary file always opens; later ones must fit what is left.
   */
  admitKdf(estimateMs: number, what: string): void {
    if (this.kdfRuns > 0 && this.kdfMs + estimateMs > this.kdfLimitMs) {
      throw new ReadFailure(
        'limit_exceeded',
        `the file asks for more key-derivation work than allowed: ${what} would need about ${fmt(Math.ceil(estimateMs))} ms more, ` +
          `after ${fmt(Math.round(this.kdfMs))} ms already spent of the ${fmt(this.kdfLimitMs)} ms allowed for one file`,
      );
    }
  }

  chargeKdf(estimateMs: number): void {
    this.kdfRuns++;
    this.kdfMs += estimateMs;
  }

  /**
   * Whether one more private key, whose derivation is estimated at `estimateMs`, may have its
   * public half computed. The first one always may (its own size limits are checked where it is
   * read); later ones must fit both the count and the time left. The first refusal returns the
   * one problem to report for the file; later refusals return `false` quietly.
   */
  admitDerivation(estimateMs = 1): true | Problem | false {
    const countLeft = this.derivedKeys < FILE_LIMITS.derivedKeys;
    const timeLeft = this.derivedKeys === 0 || this.derivedMs + estimateMs <= FILE_LIMITS.deriveMs;
    if (countLeft && timeLeft) {
      this.derivedKeys++;
      this.derivedMs += estimateMs;
      return true;
    }
    if (this.refusedDerivation) return false;
    this.refusedDerivation = true;
    return {
      code: 'limit_exceeded',
      message: countLeft
        ? `computing the public keys of this file's private keys would take more than the ${fmt(FILE_LIMITS.deriveMs)} ms allowed for one file; the rest are listed without it`
        : `more than ${fmt(FILE_LIMITS.derivedKeys)} private keys in one file need their public key computed; the rest are listed without it`,
    };
  }
}

export function budgetOf(ctx: ReadContext): WorkBudget {
  return (ctx.budget ??= new WorkBudget());
}

/** True once `out` holds as many items or errors as one file may report: loops stop reading. */
export function atCap(out: ReadOutcome): boolean {
  return capReached(out.items.length, out.errors.length) !== undefined;
}

/**
 * For a loop about to read one more part of a file that already gave `items` items and `errors`
 * problems: the note to add (then stop) when a cap is reached, else undefined.
 */
export function capReached(items: number, errors: number): Problem | undefined {
  if (items >= FILE_LIMITS.items) return { ...ITEMS_CAPPED };
  if (errors >= FILE_LIMITS.errors) return errorsCapped(0);
  return undefined;
}

export const ITEMS_CAPPED: Problem = {
  code: 'limit_exceeded',
  message: `more than ${fmt(FILE_LIMITS.items)} items in one file; the rest were not read`,
};

export function errorsCapped(extra: number): Problem {
  return {
    code: 'limit_exceeded',
    message: `more than ${fmt(FILE_LIMITS.errors)} problems in one file; ${extra > 0 ? `${fmt(extra)} more were not listed` : 'reading stopped there'}`,
  };
}

/**
 * The file-level caps, applied to a whole file's outcome: at most 10,000 items and 100 errors,
 * each overflow replaced by ONE `limit_exceeded` problem. Idempotent, so a reader that stopped
 * early (see `capStopped`) and the file reader may both apply it.
 */
/** Whether `p` is one of the notes the caps add (items or problems). */
export const isCapNote = (p: Problem) => p.code === 'limit_exceeded' && /^more than [\d,]+ (items|problems) in one file/.test(p.message);

export function capOutcome(out: ReadOutcome): ReadOutcome {
  const notes = out.errors.filter(isCapNote);
  let errors = out.errors.filter((p) => !isCapNote(p));
  let items = out.items;
  let itemsNote = notes.find((p) => p.message.includes(' items '));
  let errorsNote = notes.find((p) => p.message.includes(' problems '));
  if (items.length > FILE_LIMITS.items) {
    items = items.slice(0, FILE_LIMITS.items);
    itemsNote ??= { ...ITEMS_CAPPED };
  }
  if (errors.length > FILE_LIMITS.errors) {
    errorsNote = errorsCapped(errors.length - FILE_LIMITS.errors);
    errors = errors.slice(0, FILE_LIMITS.errors);
  }
  if (itemsNote) errors.push(itemsNote);
  if (errorsNote) errors.push(errorsNote);
  return { items, errors };
}

/** For a reader that stopped at a cap: adds the note saying which, and applies the caps. */
export function capStopped(out: ReadOutcome): ReadOutcome {
  const note = capReached(out.items.length, out.errors.length);
  if (note) out.errors.push(note);
  return capOutcome(out);
}
