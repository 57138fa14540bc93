/**
 * The writers by output format: the one entry point for `convert` and the window's
 * Export / Convert. Each takes plain items and options and returns OutputFile[].
 */
import { derWriter } from './der.js';
import { opensshWriter } from './openssh.js';
import { pemWriter } from './pem.js';
import { pkcs12Writer } from './pkcs12.js';
import { pkcs8Writer } from './pkcs8.js';
import { traditionalWriter } from './traditional.js';
import type { OutputFormat, Writer } from './types.js';

export type * from './types.js';
export { OUTPUT_FORMATS, WriteError } from './types.js';

// UNFINISHED until the keyfmt branch's encoders (core/keys/putty-write.ts, core/keys/jwk-write.ts)
// are merged. Then add:
//   import { encodePpk, ppkRefusal } from '../keys/putty-write.js';
//   import { jwkRefusal, pkcs8ToJwk, spkiToJwk } from '../keys/jwk-write.js';
//   import { ppkWriter } from './ppk.js';
//   import { jwkWriter } from './jwk.js';
// and in WRITERS:
//   ppk: ppkWriter({ encodePpk, ppkRefusal }),
//   jwk: jwkWriter({ pkcs8ToJwk, spkiToJwk, jwkRefusal }),
// Until then `convert --to ppk|jwk` says the format is not in this build (exit 2).
export const WRITERS: Partial<Record<OutputFormat, Writer>> = {
  pkcs12: pkcs12Writer,
  pem: pemWriter,
  der: derWriter,
  pkcs8: pkcs8Writer,
  traditional: traditionalWriter,
  openssh: opensshWriter,
};

export function writerFor(format: OutputFormat): Writer | undefined {
  return WRITERS[format];
}
