/** Test helpers: read the chain fixtures as DER. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CHAINS = fileURLToPath(new URL('../fixtures/chains/', import.meta.url));

export function pemToDer(text: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const m of text.matchAll(/-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----/g)) {
    out.push(new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
  }
  return out;
}

export function fixture(name: string): Uint8Array {
  const der = pemToDer(readFileSync(`${CHAINS}out/${name}.pem`, 'utf8'))[0];
  if (!der) throw new Error(`no PEM block in ${name}`);
  return der;
}
