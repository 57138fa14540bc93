/**
 * What is still closed in a file: items waiting for a password, and a keystore whose integrity
 * no given password has checked yet (the store password). A keystore may need a store password
 * and different key passwords: each re-read tries every password that opened something so far.
 */
import type { Item } from '../../../core/types.js';
import { CONTAINER_NAMES } from '../../../core/containers.js';

const INTEGRITY = new Set(['keystore_integrity_unchecked', 'keystore_integrity_failed']);

export interface LockState {
  /** Items still encrypted, in file order. */
  locked: Item[];
  /** Items whose container's integrity is not proven (the store password is missing or wrong). */
  unchecked: number;
}

export function lockState(items: readonly Item[]): LockState {
  return {
    locked: items.filter((i) => i.encrypted),
    unchecked: items.filter((i) => i.findings.some((f) => INTEGRITY.has(f.code))).length,
  };
}

/** Whether a re-read opened more than there was: fewer locked items, or integrity newly proven. */
export function openedMore(before: LockState, after: LockState): boolean {
  return after.locked.length < before.locked.length || after.unchecked < before.unchecked;
}

/** Whether the file still wants a password. */
export function wantsPassword(s: LockState): boolean {
  return s.locked.length > 0 || s.unchecked > 0;
}

/** What the prompt calls the locked thing: "PKCS #12 container", "Java keystore (JKS)", "PuTTY key", "private key". */
export function lockedThing(item: Item): string {
  if (item.kind === 'pkcs12') return 'PKCS #12 container';
  if (item.container === 'jks' || item.container === 'jceks' || item.container === 'ppk') return CONTAINER_NAMES[item.container];
  if (item.kind === 'secret-key') return 'secret key';
  return 'private key';
}

/** How a locked item is named in "still locked: …": its place in its container, else its kind and position. */
export function lockedName(item: Item, index: number): string {
  return item.location ?? `${item.kind === 'pkcs12' ? 'the container' : item.kind.replace('-', ' ')} (item ${index + 1})`;
}
