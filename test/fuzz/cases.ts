/**
 * Fuzz cases by index, so any case can be regenerated from (seed, index) alone: first the
 * synthetic hostile inputs, then the generated certificate sets, then mutations of the
 * fixtures, round-robin (case k mutates fixture k mod n with a PRNG seeded from seed, name, k).
 */
import { crossSignLoop, crossSignMesh, longChain, syntheticInputs, type CertSet } from './generators.js';
import { runCase, runChainCase, type CaseReport } from './harness.js';
import { mutate, type Sample } from './mutators.js';
import { hashString, Rng } from './prng.js';

export interface FuzzCase {
  index: number;
  fixture: string;
  op: string;
  bytes: Uint8Array;
  run: () => Promise<CaseReport>;
}

const SYNTHETIC = syntheticInputs().map((m) => m.op);
const SETS = ['cross-sign-loop', 'chain-300', 'cross-sign-mesh-12'];
export const FIXED_CASES = SYNTHETIC.length + SETS.length * 2;

let synthetic: ReturnType<typeof syntheticInputs> | undefined;
const sets = new Map<string, Promise<CertSet>>();

function certSet(name: string): Promise<CertSet> {
  let s = sets.get(name);
  if (!s) {
    s = name === 'cross-sign-loop' ? crossSignLoop() : name === 'chain-300' ? longChain(300) : crossSignMesh(12);
    sets.set(name, s);
  }
  return s;
}

export function mutationCase(samples: Sample[], seed: number, k: number): { fixture: string; op: string; bytes: Uint8Array } {
  const sample = samples[k % samples.length]!;
  const r = new Rng((seed ^ hashString(sample.name) ^ Math.imul(k + 1, 0x85ebca6b)) >>> 0);
  const m = mutate(sample, r);
  return { fixture: sample.name, ...m };
}

export async function caseAt(samples: Sample[], seed: number, index: number, limitMs?: number): Promise<FuzzCase> {
  if (index < SYNTHETIC.length) {
    synthetic ??= syntheticInputs();
    const m = synthetic[index]!;
    return { index, fixture: 'synthetic', op: m.op, bytes: m.bytes, run: () => runCase(m.op, m.bytes, { limitMs }) };
  }
  if (index < FIXED_CASES) {
    const j = index - SYNTHETIC.length;
    const set = await certSet(SETS[j >> 1]!);
    if (j % 2 === 0) return { index, fixture: 'generated', op: `${set.op} (bundle)`, bytes: set.bundle, run: () => runCase(set.op, set.bundle, { limitMs }) };
    return { index, fixture: 'generated', op: `${set.op} (verifyChain)`, bytes: set.bundle, run: () => runChainCase(set.certs, set.trusted, limitMs) };
  }
  const m = mutationCase(samples, seed, index - FIXED_CASES);
  return { index, ...m, run: () => runCase(`${m.fixture}~${m.op}`, m.bytes, { limitMs }) };
}
