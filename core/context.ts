/** What every reader receives and returns. */
import type { WorkBudget } from './budget.js';
import type { Encoding, Item, Problem } from './types.js';

export interface ReadContext {
  /** Passwords to try, in order. */
  passwords: string[];
  now: Date;
  /**
   * The work one top-level read may still do (KDF time, derived keys). Readers call
   * `budgetOf(ctx)`, which creates one here on first use; pass one to share it across calls.
   */
  budget?: WorkBudget;
}

export interface ReadOutcome {
  items: Item[];
  errors: Problem[];
}

/** Where bytes came from, for the items a reader builds out of them. */
export interface Origin {
  encoding: Encoding;
  pemLabel?: string;
  /** 1-based line of the PEM BEGIN line. */
  line?: number;
  container?: 'pkcs7' | 'pkcs12';
}
