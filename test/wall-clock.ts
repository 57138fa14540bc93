/**
 * Wall-clock bounds in `npm test`. A test may check that work ENDS - a hostile input refused
 * rather than ground through for seconds or minutes, a process that does not hang - but never
 * how fast it is: `npm test` runs two test files at once on two cores, on machines busier than
 * ours, and a bound a twice-as-busy machine can miss fails people for nothing. So every bound is
 * at least ten times what the work takes on a quiet machine: declare that time, get the bound.
 * How fast things are is measured by `npm run bench` and `npm run fuzz` (the 1 s per-call goal).
 *
 * test/wall-clock.test.ts fails on a timing assertion with a bare number instead of `within()`.
 */

/** How many times the quiet-machine time a wall-clock bound allows. */
export const QUIET_FACTOR = 10;

/** The bound for work that takes `quietMs` on a quiet machine (say in a comment how it was measured). */
export const within = (quietMs: number): number => QUIET_FACTOR * quietMs;

/**
 * Runs `run`, giving its wall-clock time and the CPU time this process spent meanwhile (the
 * quiet-machine time of single-threaded work, near enough; PEM_TIMING_REPORT=1 prints both).
 */
export async function timed<T>(run: () => Promise<T> | T, label = ''): Promise<{ ms: number; cpuMs: number; r: T }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await run();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (process.env.PEM_TIMING_REPORT) console.log(`TIMING ${label}: ${ms.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms cpu`);
  return { ms, cpuMs, r };
}
