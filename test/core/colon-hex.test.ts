// One colon-hex for the CLI and the window (core/bytes.ts): both show the same serials and
// fingerprints, as OpenSSL prints them; and one PEM armour writer (core/write/pem-armor.ts).
import { describe, expect, it } from 'vitest';
import { colonHex } from '../../core/bytes.js';
import { colonHex as cliColonHex } from '../../cli/format.js';
import { colonHex as windowColonHex } from '../../renderer/src/lib/format.js';
import { toPem } from '../../renderer/src/lib/pem.js';
import { pemText } from '../../core/write/pem-armor.js';

describe('colonHex', () => {
  it.each([
    ['d58093317b3c0f3f', 'D5:80:93:31:7B:3C:0F:3F'],
    ['abc', '0A:BC'],
    ['-3039', '-30:39'],
    ['', ''],
  ])('%s → %s', (hex, want) => {
    expect(colonHex(hex)).toBe(want);
    expect(colonHex(hex, false)).toBe(want.toLowerCase());
  });

  it('is the same function in the CLI and the window', () => {
    expect(cliColonHex).toBe(colonHex);
    expect(windowColonHex).toBe(colonHex);
  });

  it('has one PEM writer beside it: the window saves PEM with convert\'s armour', () => {
    expect(toPem).toBe(pemText);
  });
});
