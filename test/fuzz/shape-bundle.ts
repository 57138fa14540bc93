/** Bundles shape-runner.ts once per process (tests and bench run it as a child). */
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

let bundled: Promise<string> | undefined;

export function shapeRunner(): Promise<string> {
  bundled ??= (async () => {
    // Inside the project, so the external dependencies resolve from its node_modules.
    const dir = join(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'pem-inspector-shapes');
    mkdirSync(dir, { recursive: true });
    const outfile = join(dir, `shape-runner-${process.pid}.mjs`);
    await build({ entryPoints: [join(import.meta.dirname, 'shape-runner.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'error' });
    return outfile;
  })();
  return bundled;
}
