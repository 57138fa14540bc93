/** ANSI colour, only for a terminal: pipes and files get plain text. */

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  /** Private material: loud on purpose. */
  secret(s: string): string;
}

/** Every SGR parameter list the CLI emits: the terminal guard (terminal.ts) lets exactly these through. */
export const SGR_CODES = ['0', '1', '2', '31', '32', '33', '36', '1;97;41'] as const;
type SgrCode = (typeof SGR_CODES)[number];

const wrap = (open: SgrCode) => (s: string) => `\x1b[${open}m${s}\x1b[0m`;

export const ansi: Style = {
  bold: wrap('1'),
  dim: wrap('2'),
  red: wrap('31'),
  green: wrap('32'),
  yellow: wrap('33'),
  cyan: wrap('36'),
  secret: wrap('1;97;41'),
};

const id = (s: string) => s;
export const plain: Style = { bold: id, dim: id, red: id, green: id, yellow: id, cyan: id, secret: id };

/** https://no-color.org: any non-empty NO_COLOR turns colour off. */
export function styleFor(stream: { isTTY?: boolean }, env: Record<string, string | undefined> = process.env): Style {
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return stream.isTTY === true && !noColor ? ansi : plain;
}
