/** Shared by the generate tests: temp folders, and running OpenSSL / ssh-keygen on what we wrote. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseFile } from '../../core/parse.js';
import type { GenerateResult, Item } from '../../core/index.js';

export const haveOpenssl = spawnSync('openssl', ['version'], { encoding: 'utf8' }).status === 0;
export const haveSshKeygen = spawnSync('ssh-keygen', ['-?'], { encoding: 'utf8' }).error === undefined;

export function tempDir(prefix = 'pem-gen-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** Writes every generated file into a fresh folder; returns the folder. */
export function writeAll(result: GenerateResult, dir = tempDir()): string {
  for (const f of result.files) writeFileSync(path.join(dir, f.name), f.bytes);
  return dir;
}

/** A generated file's text (PEM and OpenSSH lines are UTF-8). */
export function textOf(f: { bytes: Uint8Array }): string {
  return new TextDecoder().decode(f.bytes);
}

export interface ToolRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function tool(cmd: string, args: string[], cwd: string): ToolRun {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/** Runs OpenSSL and fails the test with its stderr when it refuses. */
export function openssl(args: string[], cwd: string): string {
  const r = tool('openssl', args, cwd);
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return r.stdout;
}

export async function parseIn(dir: string, name: string, passwords: string[] = []): Promise<{ items: Item[]; errors: { code: string }[] }> {
  return parseFile({ name, bytes: new Uint8Array(readFileSync(path.join(dir, name))), passwords });
}

/** The spkiSha256 of an item, whatever its kind. */
export function spkiSha256(item: Item | undefined): string | undefined {
  if (!item) return undefined;
  if (item.kind === 'certificate' || item.kind === 'certificate-request' || item.kind === 'public-key') return item.publicKey.spkiSha256;
  if (item.kind === 'private-key') return item.publicKey?.spkiSha256;
  return undefined;
}
