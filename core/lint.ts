/** Lints on single items (issue: findings). Placeholder until the findings work lands. */
import type { Finding, Item } from './types.js';

export function lintItem(_item: Item, _now: Date): Finding[] {
  return [];
}
