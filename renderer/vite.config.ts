import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  // Relative asset URLs: the page must work from any static server path and from app://.
  base: './',
  plugins: [svelte()],
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Binary samples are inlined as strings; never inline scripts or styles (the CSP forbids them).
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2000,
  },
  server: { fs: { allow: ['..'] } },
});
