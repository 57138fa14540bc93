/** What the window holds per file and per row: plain types, shared by the state and the pure list helpers. */
import type { Item, Problem } from '../../../core/types.js';
import type { ItemRef } from './protocol.js';

export interface LoadedFile {
  id: string;
  name: string;
  path?: string;
  /** The file's bytes when this thread has them; files read by the Worker stay there. */
  bytes?: Uint8Array;
  sha256: string;
  items: Item[];
  errors: Problem[];
}

export interface Row {
  ref: ItemRef;
  file: LoadedFile;
  item: Item;
}
