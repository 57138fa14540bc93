/** What every reader receives and returns. */
import type { WorkBudget } from './budget.js';
import type { Container, Encoding, Item, Problem } from './types.js';

export interface ReadContext {
  /** Passwords to try, in order. */
  passwords: string[];
  now: Date;
  /**
   * The work one top-level read may still do (KDF time, derived keys). Readers call
   * `budgetOf(ctx)`, which creates one here on first use; pass one to share it across calls.
   */
  budget?: WorkBudget;
  /** Set when the bytes being read were found inside another file (see core/readers.ts). */
  nesting?: Nesting;
}

/** How deep a read sits inside containers and wrappings, so that reading stays bounded. */
export interface Nesting {
  /** Containers and wrappings around these bytes (0 for a file itself). */
  depth: number;
  /** Wrappings already undone on the way here: each is undone at most once. */
  unwrapped: readonly Wrapping[];
}

/** A way whole-file text can be wrapped (core/wrapped.ts undoes each once). */
export type Wrapping = 'base64' | 'charset';

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
  container?: Container;
  /** Where in its container, in words (the item's `location`). */
  location?: string;
}
