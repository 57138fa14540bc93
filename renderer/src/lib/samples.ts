/**
 * The bundled samples: text files from samples/ inlined at build time (the CSP forbids
 * fetch, even from our own origin). Without samples the UI generates a small test PKI.
 */
const bundled = import.meta.glob('../../../samples/*.{pem,crt,cer,key,csr,crl,pub}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

export const SAMPLES: { name: string; text: string }[] = Object.entries(bundled)
  .map(([path, text]) => ({ name: path.slice(path.lastIndexOf('/') + 1), text }))
  .sort((a, b) => a.name.localeCompare(b.name))
  .slice(0, 24);
