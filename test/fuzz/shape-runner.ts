/**
 * Child-process runner for the big hostile shapes (hostile-shapes.ts): builds one shape at a
 * size, reads it with parseFile, and prints one JSON line with the time, CPU time and the peak
 * memory the read added. Used by hostile-shapes.test.ts (mid-sized guard) and `npm run bench`
 * (full size). Bundled on the fly with esbuild; run as `node runner.mjs SHAPE BYTES`.
 */
import { parseFile } from '../../core/parse.js';
import { SHAPES } from './hostile-shapes.js';

const [, , name, size] = process.argv;
const shape = SHAPES.find((s) => s.name === name);
if (!shape) throw new Error(`no shape ${name}`);
const bytes = shape.make(Number(size));
(globalThis as { gc?: () => void }).gc?.();
const rssBefore = process.memoryUsage().rss;
const peakBefore = process.resourceUsage().maxRSS * 1024;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const r = await parseFile({ name: shape.name, bytes, passwords: [] }, { now: new Date(Date.UTC(2030, 0, 1)) });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const peakAfter = process.resourceUsage().maxRSS * 1024;
// The read's own peak: how far it pushed the process's high-water mark above what it held before.
const addedMB = Math.max(0, peakAfter - Math.max(rssBefore, 0)) / 2 ** 20;
process.stdout.write(
  JSON.stringify({
    shape: name,
    bytes: bytes.length,
    ms: Math.round(ms),
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    addedMB: Math.round(addedMB),
    peakMB: Math.round(peakAfter / 2 ** 20),
    peakBeforeMB: Math.round(peakBefore / 2 ** 20),
    items: r.items.length,
    errors: r.errors.map((e) => ({ code: e.code, message: e.message })).slice(0, 3),
    findings: r.items[0]?.findings.map((f) => f.code) ?? [],
  }) + '\n',
);
