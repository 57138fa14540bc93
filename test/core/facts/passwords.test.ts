/**
 * Issue 11, "match with several passwords": every password the user gave is tried — they are the
 * user's cost — while the file's budget still bounds what the FILE asks for (rounds, iterations,
 * how many derivations). A 16-round OpenSSH key with the right password fourth opens.
 */
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../../core/parse.js';
import { AT, bytesOf, manifest } from './helpers.js';

const { right, wrong } = manifest.passwords;

describe('several passwords', () => {
  for (const file of ['passwords/id_ed25519_16', 'passwords/pbkdf2-600k.key']) {
    it(`${file}: the right password fourth unlocks it, each tried once, with progress`, async () => {
      const seen: string[] = [];
      const r = await parseFile({ name: file, bytes: bytesOf(file), passwords: [...wrong, right] }, { now: AT, onKeyDerivation: (e) => seen.push(e.what) });
      expect(r.errors).toEqual([]);
      expect(r.items).toHaveLength(1);
      expect(r.items[0]).toMatchObject({ kind: 'private-key', encrypted: false });
      expect(seen).toHaveLength(4);
    }, 60_000);

    it(`${file}: wrong passwords only is password_wrong, not limit_exceeded`, async () => {
      const r = await parseFile({ name: file, bytes: bytesOf(file), passwords: [...wrong, 'wrong-4', 'wrong-5'] }, { now: AT });
      expect(r.errors.map((e) => e.code)).toEqual(['password_wrong']);
      expect(r.items[0]).toMatchObject({ kind: 'private-key', encrypted: true });
    }, 60_000);
  }
});
