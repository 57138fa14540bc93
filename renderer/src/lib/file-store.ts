/**
 * What the parsing Worker holds: every parsed file by id. Unlocked keys live here (and in the
 * window's copies) only in memory. Forgetting a file or clearing the store overwrites the bytes
 * of its private items with zeros before dropping them, and a read that started before a clear
 * cannot store its result after it.
 *
 * Imports types only, so the window may use `wipeItems` without pulling in any parser.
 */
import type { Item, ParseResult } from '../../../core/types.js';

/**
 * Overwrites the DER of private items (keys, decrypted or not, and PKCS#12 containers) with
 * zeros. Public items are left alone: their bytes may be shared with views still in use.
 */
export function wipeItems(items: readonly Item[]): void {
  for (const item of items) if (item.sensitivity === 'private') item.der.fill(0);
}

/** What the store holds, as counts only: never bytes, names or anything read from a file. */
export interface HeldCounts {
  files: number;
  items: number;
  /** Private keys and PKCS#12 containers, locked or not. */
  privateItems: number;
  /** Private items whose key material is in the clear (unlocked or never encrypted). */
  openPrivateItems: number;
}

export class FileStore {
  #files = new Map<string, ParseResult>();
  #epoch = 0;

  /** Changes on every `clear`: work started under an older epoch stores nothing. */
  get epoch(): number {
    return this.#epoch;
  }

  get(fileId: string): ParseResult | undefined {
    return this.#files.get(fileId);
  }

  [Symbol.iterator](): IterableIterator<[string, ParseResult]> {
    return this.#files.entries();
  }

  /**
   * Keeps a newly read file. Returns false, and wipes the result, when the store was cleared
   * after the read began (`epoch` is the epoch it began under).
   */
  add(fileId: string, result: ParseResult, epoch: number): boolean {
    if (epoch !== this.#epoch) {
      wipeItems(result.items);
      return false;
    }
    this.#drop(fileId);
    this.#files.set(fileId, result);
    return true;
  }

  /**
   * Replaces a held file's result (a re-read with a password), wiping the one it replaces.
   * A file no longer held (forgotten or cleared meanwhile) is not brought back: the result is
   * wiped and false returned.
   */
  replace(fileId: string, result: ParseResult): boolean {
    if (!this.#files.has(fileId)) {
      wipeItems(result.items);
      return false;
    }
    this.#drop(fileId);
    this.#files.set(fileId, result);
    return true;
  }

  forget(fileIds: readonly string[]): void {
    for (const id of fileIds) this.#drop(id);
  }

  /** Forgets every file and starts a new epoch. */
  clear(): void {
    this.#epoch++;
    for (const r of this.#files.values()) wipeItems(r.items);
    this.#files.clear();
  }

  counts(): HeldCounts {
    const c: HeldCounts = { files: this.#files.size, items: 0, privateItems: 0, openPrivateItems: 0 };
    for (const r of this.#files.values()) {
      c.items += r.items.length;
      for (const item of r.items) {
        if (item.sensitivity !== 'private') continue;
        c.privateItems++;
        if (!item.encrypted) c.openPrivateItems++;
      }
    }
    return c;
  }

  #drop(fileId: string): void {
    const old = this.#files.get(fileId);
    if (!old) return;
    wipeItems(old.items);
    this.#files.delete(fileId);
  }
}
