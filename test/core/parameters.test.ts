/** Parameter-only PEM blocks are their own kind, never an error (made by `openssl dhparam`/`ecparam`). */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseFile } from '../../core/parse.js';

const file = (p: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${p}`, import.meta.url)));

describe('parameters', () => {
  it.each([
    { name: 'DH PARAMETERS (openssl dhparam)', path: 'extra/dh-params.pem', algorithm: 'DH' },
    { name: 'EC PARAMETERS only', path: 'files/keys/ec-p384.params.pem', algorithm: 'EC' },
  ])('$name', async ({ path, algorithm }) => {
    const r = await parseFile({ name: path, bytes: file(path) });
    expect(r.errors).toEqual([]);
    expect(r.items.map((i) => [i.kind, i.sensitivity, i.encrypted])).toEqual([['parameters', 'public', false]]);
    expect(r.items[0]).toMatchObject({ algorithm });
  });
});
