#!/usr/bin/env node
// Explicit unlocks (issue 13): how long the built CLI takes to open, with its password, a
// PuTTY key with PuTTYgen's default Argon2 costs and OpenSSH keys made with `ssh-keygen -a 100`,
// and how long the same file takes without a password (start-up and reading alone).
// Target: under 2 s each. Run after `node scripts/build.mjs cli`:
//   node bench/unlock.mjs [--runs N]
// Prints wall and CPU seconds (median, min–max); CPU is what a busy machine cannot inflate.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist/cli/pem-inspector.js');
const at = process.argv.indexOf('--runs');
// Without --runs, argv[0] (node's path) is not a number: 5 runs.
const runs = at >= 0 ? Number(process.argv[at + 1]) : 5;
if (!Number.isInteger(runs) || runs < 1) {
  console.error('bench/unlock: --runs needs a whole number of runs');
  process.exit(2);
}
const FILES = ['ppk/default-argon2id.ppk', 'ppk/ed25519.v3-argon2id.ppk', 'ssh/ed25519-a100', 'ssh/rsa-3072-a100'];
const PASSWORD = 'test-password';

if (!existsSync(cli)) {
  console.error('bench/unlock: build the CLI first (node scripts/build.mjs cli)');
  process.exit(2);
}
if (!existsSync('/usr/bin/time')) {
  console.error('bench/unlock: needs GNU time (/usr/bin/time) for CPU seconds');
  process.exit(2);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const fmt = (xs) => `${median(xs).toFixed(2)} s (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;

function once(file, withPassword) {
  const args = ['-f', '%e %U %S', process.execPath, cli, 'inspect', '--json', ...(withPassword ? ['--password', PASSWORD] : []), path.join(root, 'test/fixtures/keyfmt', file)];
  const r = spawnSync('/usr/bin/time', args, { encoding: 'utf8' });
  const json = JSON.parse(r.stdout);
  const item = json.files[0].items[0];
  if (withPassword && (item?.encrypted !== false || json.files[0].errors.length)) throw new Error(`${file} did not unlock: ${JSON.stringify(json.files[0].errors)}`);
  const [wall, user, sys] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { wall, cpu: user + sys };
}

console.log(`node ${process.version}, ${runs} runs each, load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log('file | locked (no password): wall, cpu | unlocked: wall, cpu');
for (const file of FILES) {
  const locked = Array.from({ length: runs }, () => once(file, false));
  const open = Array.from({ length: runs }, () => once(file, true));
  console.log(`${file} | ${fmt(locked.map((x) => x.wall))}, ${fmt(locked.map((x) => x.cpu))} | ${fmt(open.map((x) => x.wall))}, ${fmt(open.map((x) => x.cpu))}`);
}
