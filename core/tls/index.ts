/** The handshake walkthrough's public surface. */
export { runHandshake, SIMULATION } from './walkthrough.js';
export type * from './types.js';
