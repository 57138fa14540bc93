/**
 * The writers by output format: the one entry point for `convert` and the window's
 * Export / Convert. Each takes plain items and options and returns OutputFile[].
 */
import { derWriter } from './der.js';
import { jwkWriter } from './jwk.js';
import { opensshWriter } from './openssh.js';
import { pemWriter } from './pem.js';
import { pkcs12Writer } from './pkcs12.js';
import { pkcs8Writer } from './pkcs8.js';
import { ppkWriter } from './ppk.js';
import { traditionalWriter } from './traditional.js';
import type { OutputFormat, Writer } from './types.js';

export type * from './types.js';
export { OUTPUT_FORMATS, WriteError } from './types.js';

export const WRITERS: Record<OutputFormat, Writer> = {
  pkcs12: pkcs12Writer,
  pem: pemWriter,
  der: derWriter,
  pkcs8: pkcs8Writer,
  traditional: traditionalWriter,
  openssh: opensshWriter,
  ppk: ppkWriter,
  jwk: jwkWriter,
};

export function writerFor(format: OutputFormat): Writer {
  return WRITERS[format];
}
