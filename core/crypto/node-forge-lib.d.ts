// Subpath imports of node-forge (see cipher.ts): typed as the main module's namespace.
declare module 'node-forge/lib/forge.js' {
  import forge from 'node-forge';
  export default forge;
}
declare module 'node-forge/lib/des.js';
declare module 'node-forge/lib/rc2.js';
