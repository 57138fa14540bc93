/**
 * Runs fuzz cases in a worker thread so the driver can stop a case that never returns (a
 * synchronous loop cannot be interrupted from inside its own thread) and keep its input.
 * Bundled on the fly by driver.ts; receives { from, to } ranges of case indexes.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { caseAt, type FuzzCase } from './cases.js';
import { loadFixtures, runCase } from './harness.js';

const { seed, fixtureRoot, files, limitMs } = workerData as { seed: number; fixtureRoot?: string; files?: string[]; limitMs?: number };
const samples = loadFixtures(fixtureRoot);

/** With `files`, case i is that file as it is (saved crashers); otherwise a generated case. */
async function nth(i: number): Promise<FuzzCase> {
  if (!files) return caseAt(samples, seed, i, limitMs);
  const bytes = new Uint8Array(readFileSync(files[i]!));
  const op = basename(files[i]!);
  return { index: i, fixture: 'file', op, bytes, run: () => runCase(op, bytes, { limitMs }) };
}
const port = parentPort!;

port.on('message', async (msg: { from: number; to: number }) => {
  for (let i = msg.from; i < msg.to; i++) {
    const c = await nth(i);
    // Sent before running so the driver has the input even if the case never comes back.
    port.postMessage({ type: 'case', index: i, fixture: c.fixture, op: c.op, bytes: c.bytes.length <= 8 << 20 ? c.bytes : c.bytes.subarray(0, 64) });
    const report = await c.run();
    port.postMessage({ type: 'result', index: i, report });
  }
  port.postMessage({ type: 'finished' });
});
port.postMessage({ type: 'ready', fixtures: samples.length });
