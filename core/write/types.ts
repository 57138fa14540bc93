/**
 * One output type for everything that makes files: `generate`, `convert` and the window's
 * saves. Whether a file is secret (and so written 0600, and never shown or copied without
 * asking) is decided once, by the writer that made its bytes.
 */
import type { Sensitivity } from '../types.js';

export interface OutputFile {
  /** A bare file name (no folder), e.g. `server.key`, `bundle.p12`. */
  name: string;
  bytes: Uint8Array;
  /** `private` when the bytes hold a private or secret key (encrypted or not) or a container that may. */
  sensitivity: Sensitivity;
}
