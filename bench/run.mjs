#!/usr/bin/env node
// `npm run bench` (after `node scripts/build.mjs`): PEM Inspector against OpenSSL on 10,000
// real certificates, core throughput, and the web UI in Chromium. Inputs are made in a temp
// folder; results are printed as a table and written to bench/results.json. The UI's figures
// come twice: `ui` warm (the files built in the page before the drop), `uiCold` with the drop
// as soon as a new page has loaded.
//   node bench/run.mjs [--runs N] [--ui-runs N] [--no-ui] [--no-cli] [--no-formats] [--no-hostile] [--out FILE]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { buildInputs } from './inputs.mjs';
import { CHROMIUM, uiBench } from './ui.mjs';
import { hostileBench, reportHostile } from './hostile.mjs';
import { buildFormatInputs, formatRows, formatsBench } from './formats.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, 'dist/cli/pem-inspector.js');
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const runs = Number(opt('--runs', '5'));
const uiRuns = Number(opt('--ui-runs', String(Math.min(runs, 3))));
const outFile = opt('--out', path.join(root, 'bench/results.json'));

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}
const openssl = which('openssl');
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs), runs: xs });

/** Runs a command with stdout to /dev/null: wall seconds and peak RSS (MB). */
function measure(cmd, args) {
  return new Promise((resolve, reject) => {
    const t = process.hrtime.bigint();
    const full = gnuTime ? [gnuTime, ['-f', '%M', cmd, ...args]] : [cmd, args];
    const child = spawn(full[0], full[1], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    let peakKb = 0;
    // Without GNU time: sample the peak ourselves (VmHWM is the kernel's high-water mark).
    const poll = gnuTime
      ? undefined
      : setInterval(() => {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
            if (m) peakKb = Math.max(peakKb, Number(m[1]));
          } catch {}
        }, 20);
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (poll) clearInterval(poll);
      const seconds = Number(process.hrtime.bigint() - t) / 1e9;
      if (gnuTime) {
        const lines = err.trim().split('\n');
        peakKb = Number(lines.pop());
        err = lines.join('\n');
      }
      // inspect exits 1 when a file had errors; none of these inputs has any.
      if (code !== 0) return reject(new Error(`${cmd} ${args.slice(0, 3).join(' ')} … exited ${code}: ${err.slice(0, 500)}`));
      resolve({ seconds, peakMb: peakKb / 1024 });
    });
  });
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    openssl: openssl ? execFileSync(openssl, ['version'], { encoding: 'utf8' }).trim() : undefined,
    chromium: existsSync(CHROMIUM) ? execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() : undefined,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

async function coreThroughput(dir, inputs) {
  const out = path.join(dir, 'core-throughput.mjs');
  await build({
    entryPoints: [path.join(root, 'bench/core-throughput.ts')],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  const r = execFileSync(process.execPath, [out, String(runs), `certificates=${inputs.bundle}`, `keys=${inputs.keys}`, `mixed=${inputs.mixed}`], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const raw = JSON.parse(r);
  const res = {};
  for (const [name, v] of Object.entries(raw)) res[name] = { items: v.items, ms: stats(v.ms), itemsPerSecond: Math.round(v.items / (median(v.ms) / 1000)) };
  return res;
}

const fmt = (s, unit = 's', d = 2) => `${s.median.toFixed(d)} ${unit} (${s.min.toFixed(d)}–${s.max.toFixed(d)})`;

async function main() {
  if (!existsSync(cli)) throw new Error('dist/cli/pem-inspector.js is missing: run `node scripts/build.mjs` first (npm run bench does).');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pem-inspector-bench-'));
  try {
    console.log(`inputs in ${dir} …`);
    const inputs = buildInputs(dir, cli, openssl);
    const results = { date: new Date().toISOString(), machine: machine(), runs, uiRuns, inputs: { certificates: 10000, bundleBytes: readFileSync(inputs.bundle).length, mixed: 1000, keys: 1000, generated: inputs.kinds } };

    // CLI and OpenSSL side by side, interleaved so that both see the same machine.
    const cliRuns = { bundle: [], bundleMb: [], derDir: [], derDirMb: [], openssl: [], opensslMb: [], text: [], textMb: [], oneCore: [], opensslOneCore: [] };
    // Issue 17 also asks for the text output and for one core (taskset -c 0, both tools).
    const taskset = which('taskset');
    for (let r = 0; r < (argv.includes('--no-cli') ? 0 : runs); r++) {
      process.stdout.write(`CLI vs OpenSSL run ${r + 1}/${runs}\r`);
      if (openssl) {
        const o = await measure(openssl, ['storeutl', '-noout', '-text', '-certs', inputs.bundle]);
        cliRuns.openssl.push(o.seconds);
        cliRuns.opensslMb.push(o.peakMb);
      }
      const b = await measure(process.execPath, [cli, 'inspect', '--json', inputs.bundle]);
      cliRuns.bundle.push(b.seconds);
      cliRuns.bundleMb.push(b.peakMb);
      const d = await measure(process.execPath, [cli, 'inspect', '--json', ...inputs.derFiles]);
      cliRuns.derDir.push(d.seconds);
      cliRuns.derDirMb.push(d.peakMb);
      const t = await measure(process.execPath, [cli, 'inspect', inputs.bundle]);
      cliRuns.text.push(t.seconds);
      cliRuns.textMb.push(t.peakMb);
      if (taskset && openssl) {
        cliRuns.opensslOneCore.push((await measure(taskset, ['-c', '0', openssl, 'storeutl', '-noout', '-text', '-certs', inputs.bundle])).seconds);
        cliRuns.oneCore.push((await measure(taskset, ['-c', '0', process.execPath, cli, 'inspect', '--json', inputs.bundle])).seconds);
      }
    }
    if (cliRuns.bundle.length) results.cli = {
      inspectBundle: { seconds: stats(cliRuns.bundle), peakMb: stats(cliRuns.bundleMb) },
      inspectDerFolder: { seconds: stats(cliRuns.derDir), peakMb: stats(cliRuns.derDirMb) },
    };
    if (openssl && results.cli) {
      results.cli.opensslStoreutl = { seconds: stats(cliRuns.openssl), peakMb: stats(cliRuns.opensslMb) };
      // Per-run ratios (same moment, same load), and the ratio of the medians.
      results.cli.ratio = { ofMedians: median(cliRuns.bundle) / median(cliRuns.openssl), perRun: stats(cliRuns.bundle.map((b, i) => b / cliRuns.openssl[i])) };
      results.cli.inspectTextBundle = { seconds: stats(cliRuns.text), peakMb: stats(cliRuns.textMb) };
      results.cli.textRatio = { ofMedians: median(cliRuns.text) / median(cliRuns.openssl), perRun: stats(cliRuns.text.map((b, i) => b / cliRuns.openssl[i])) };
      if (cliRuns.oneCore.length) {
        results.cli.oneCore = { inspectBundle: stats(cliRuns.oneCore), opensslStoreutl: stats(cliRuns.opensslOneCore) };
        results.cli.oneCoreRatio = { ofMedians: median(cliRuns.oneCore) / median(cliRuns.opensslOneCore), perRun: stats(cliRuns.oneCore.map((b, i) => b / cliRuns.opensslOneCore[i])) };
      }
    }

    if (!argv.includes('--no-formats') && !argv.includes('--no-cli')) {
      console.log('JKS and JWKS against PEM, per item …');
      const formatInputs = buildFormatInputs(dir, inputs.bundle1k, inputs.bundle);
      results.formats = await formatsBench({ cli, inputs: formatInputs, runs, measure });
    }

    console.log('core throughput …                ');
    results.core = await coreThroughput(dir, inputs);

    if (!argv.includes('--no-ui') && existsSync(CHROMIUM) && existsSync(path.join(root, 'dist/renderer/index.html'))) {
      console.log('Chromium …');
      const der1k = inputs.derFiles.slice(0, 1000);
      const ui = await uiBench({
        root,
        runs: uiRuns,
        cases: [
          { name: 'bundle-1000', files: [inputs.bundle1k], items: 1000, details: true },
          { name: 'files-1000', files: der1k, items: 1000 },
          { name: 'bundle-10000', files: [inputs.bundle], items: 10000, details: true },
          { name: 'files-10000', files: inputs.derFiles, items: 10000 },
        ],
      });
      // `ui`: warm, as before (the files built in the page first); `uiCold`: dropped as soon as a new page has loaded.
      results.ui = ui.warm;
      results.uiCold = ui.cold;
    }

    if (!argv.includes('--no-hostile')) {
      console.log('hostile inputs at 49 MiB …');
      results.hostile = await hostileBench(Math.min(runs, 3));
    }

    writeFileSync(outFile, JSON.stringify(results, null, 2) + '\n');
    report(results);
    if (results.hostile) reportHostile(results.hostile);
    console.log(`\nwritten ${path.relative(process.cwd(), outFile)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(r) {
  const m = r.machine;
  console.log(`\n${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; load ${m.loadAverage.join(' ')}`);
  console.log(`${r.runs} runs each: median (min–max)\n`);
  const rows = [];
  if (r.cli?.opensslStoreutl) rows.push(['openssl storeutl -noout -text -certs (10,000 certs)', fmt(r.cli.opensslStoreutl.seconds), fmt(r.cli.opensslStoreutl.peakMb, 'MB', 0)]);
  if (r.cli) rows.push(['pem-inspector inspect --json bundle (10,000 certs)', fmt(r.cli.inspectBundle.seconds), fmt(r.cli.inspectBundle.peakMb, 'MB', 0)]);
  if (r.cli) rows.push(['pem-inspector inspect --json 10,000 DER files', fmt(r.cli.inspectDerFolder.seconds), fmt(r.cli.inspectDerFolder.peakMb, 'MB', 0)]);
  const ratio = (x) => `${x.ofMedians.toFixed(2)} (per run ${x.perRun.min.toFixed(2)}–${x.perRun.max.toFixed(2)})`;
  if (r.cli?.ratio) rows.push(['ratio inspect --json / openssl (target <= 0.5)', ratio(r.cli.ratio), '']);
  if (r.cli?.inspectTextBundle) rows.push(['pem-inspector inspect (text) bundle', fmt(r.cli.inspectTextBundle.seconds), fmt(r.cli.inspectTextBundle.peakMb, 'MB', 0)]);
  if (r.cli?.textRatio) rows.push(['ratio inspect (text) / openssl (target <= 0.5)', ratio(r.cli.textRatio), '']);
  if (r.cli?.oneCore) rows.push(['one core (taskset -c 0): inspect --json, openssl', `${fmt(r.cli.oneCore.inspectBundle)}, ${fmt(r.cli.oneCore.opensslStoreutl)}`, '']);
  if (r.cli?.oneCoreRatio) rows.push(['ratio on one core (target <= 0.8)', ratio(r.cli.oneCoreRatio), '']);
  if (r.formats) rows.push(...formatRows(r.formats, fmt));
  for (const [k, v] of Object.entries(r.core)) rows.push([`core parseFile, ${v.items} ${k} (in process)`, `${fmt(v.ms, 'ms', 0)}`, `${v.itemsPerSecond.toLocaleString('en')} items/s`]);
  for (const [how, set] of [['cold', r.uiCold], ['warm', r.ui]]) {
    for (const [k, samples] of Object.entries(set ?? {})) {
      const s = (f) => stats(samples.map(f).filter((x) => typeof x === 'number'));
      rows.push([`UI ${k} ${how}: dropped → all rows listed`, fmt(s((x) => x.listedMs), 'ms', 0), `settled ${fmt(s((x) => x.settledMs), 'ms', 0)}`]);
      rows.push([`UI ${k} ${how}: longest main-thread task`, fmt(s((x) => x.longestTaskMs), 'ms', 0), `heap ${s((x) => x.mainHeapMb).median.toFixed(0)} MB, renderer PSS ${s((x) => x.rendererPssMb).median.toFixed(0)} MB`]);
      if (samples[0]?.selectMs !== undefined) rows.push([`UI ${k} ${how}: select an item → details`, fmt(s((x) => x.selectMs), 'ms', 0), `scroll worst frame ${fmt(s((x) => x.scrollWorstFrameMs), 'ms', 0)}`]);
    }
  }
  const w = Math.max(...rows.map((x) => x[0].length));
  const w2 = Math.max(...rows.map((x) => x[1].length));
  for (const [a, b, c] of rows) console.log(`${a.padEnd(w)}  ${b.padEnd(w2)}  ${c}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
