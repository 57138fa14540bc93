// The new formats against PEM, per item (issue 17): a JKS of 1,000 trusted certificates (Java's
// KeyStore, bench/formats/MakeJks.java) and a JWKS of 1,000 public keys (python cryptography,
// bench/formats/jwks.py) through `inspect --json`, beside a PEM bundle of the same 1,000
// certificates. Every file is below the pool's threshold, so all three run in one thread.
// Per item = (run − run of a one-certificate PEM file) / items: the process start-up, which a
// thousand-item file cannot hide, is taken out; the raw wall time is kept beside it.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const ITEMS = 1000;

const have = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Builds the inputs in `dir` from the bench's 1,000-certificate bundle; a format whose tool is missing is left out. */
export function buildFormatInputs(dir, bundle1k, bundle) {
  const inputs = { pem: bundle1k };
  const one = path.join(dir, 'one-certificate.pem');
  const text = execFileSync('sed', ['-n', '1,/-----END CERTIFICATE-----/p', bundle], { encoding: 'utf8' });
  writeFileSync(one, text);
  inputs.one = one;
  if (have('java')) {
    const jks = path.join(dir, `trusted-${ITEMS}.jks`);
    execFileSync('java', [path.join(here, 'formats', 'MakeJks.java'), bundle1k, jks, String(ITEMS), 'changeit'], { stdio: 'pipe' });
    inputs.jks = jks;
  }
  const py = spawnSync('python3', ['-c', 'import cryptography'], { stdio: 'ignore' });
  if (py.status === 0) {
    const jwks = path.join(dir, `keys-${ITEMS}.jwks`);
    execFileSync('python3', [path.join(here, 'formats', 'jwks.py'), jwks, String(ITEMS)], { stdio: 'pipe' });
    inputs.jwks = jwks;
  }
  return inputs;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * `measure(cmd, args)` is run.mjs's (wall seconds and peak MB). Interleaved runs of every input;
 * returns per-format wall seconds, per-item milliseconds, and the ratio to PEM's per item.
 */
export async function formatsBench({ cli, inputs, runs, measure }) {
  const names = ['one', 'pem', 'jks', 'jwks'].filter((n) => inputs[n]);
  const seconds = Object.fromEntries(names.map((n) => [n, []]));
  const mb = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < runs; r++) {
    process.stdout.write(`formats run ${r + 1}/${runs}\r`);
    for (const n of names) {
      const m = await measure(process.execPath, [cli, 'inspect', '--json', inputs[n]]);
      seconds[n].push(m.seconds);
      mb[n].push(m.peakMb);
    }
  }
  const base = median(seconds.one);
  const out = { items: ITEMS, startupSeconds: base, formats: {} };
  for (const n of names.filter((x) => x !== 'one')) {
    const perRun = seconds[n].map((s, i) => ((s - seconds.one[i]) / ITEMS) * 1000);
    out.formats[n] = {
      seconds: { median: median(seconds[n]), min: Math.min(...seconds[n]), max: Math.max(...seconds[n]), runs: seconds[n] },
      peakMb: median(mb[n]),
      msPerItem: { median: median(perRun), min: Math.min(...perRun), max: Math.max(...perRun) },
    };
  }
  const pem = out.formats.pem?.msPerItem.median;
  for (const n of ['jks', 'jwks']) if (out.formats[n] && pem) out.formats[n].ratioToPem = out.formats[n].msPerItem.median / pem;
  return out;
}

/** Table rows for run.mjs's report. */
export function formatRows(f, fmt) {
  const rows = [];
  const label = { pem: `PEM bundle, ${f.items} certificates`, jks: `JKS, ${f.items} trusted certificates`, jwks: `JWKS, ${f.items} public keys (RSA/EC)` };
  for (const [n, v] of Object.entries(f.formats)) {
    const ratio = v.ratioToPem === undefined ? '' : `, ${v.ratioToPem.toFixed(2)} × PEM (target <= 2)`;
    rows.push([`inspect --json ${label[n]}`, fmt(v.seconds), `${v.msPerItem.median.toFixed(3)} ms/item${ratio}`]);
  }
  rows.push([`  (start-up: one-certificate PEM, subtracted)`, `${f.startupSeconds.toFixed(2)} s`, '']);
  return rows;
}
