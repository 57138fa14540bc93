/** Test helpers: read the chain fixtures as DER. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Profile, Purpose } from '../../core/relations.js';

export const CHAINS = fileURLToPath(new URL('../fixtures/chains/', import.meta.url));

export function pemToDer(text: string): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const m of text.matchAll(/-----BEGIN [A-Z0-9 ]+-----([\s\S]*?)-----END [A-Z0-9 ]+-----/g)) {
    out.push(new Uint8Array(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64')));
  }
  return out;
}

export function fixture(name: string): Uint8Array {
  return fixtureIn('out', name);
}

/** A certificate of chains/out (make-chains.sh) or chains/profiles (make-profiles.py). */
export function fixtureIn(dir: 'out' | 'profiles', name: string): Uint8Array {
  const der = pemToDer(readFileSync(`${CHAINS}${dir}/${name}.pem`, 'utf8'))[0];
  if (!der) throw new Error(`no PEM block in ${name}`);
  return der;
}

interface Expectation {
  valid: boolean;
  /** Issue codes that must be among the failures. */
  codes?: string[];
  /** Rule codes that must be reported as findings. */
  findings?: string[];
}

/** One case of chains/manifest.json: valid/codes/findings are the webpki answer, overridden per profile. */
export interface Case extends Expectation {
  name: string;
  leaf: string;
  trusted: string[];
  untrusted: string[];
  crls?: string[];
  host?: string;
  ip?: string;
  email?: string;
  purpose?: Purpose;
  maxDepth?: number;
  openssl?: boolean;
  webpki?: Expectation;
  rfc5280?: Expectation;
}

export function expectedFor(c: Case, profile: Profile): Expectation {
  const o = c[profile];
  return o ? o : { valid: c.valid, ...(c.codes ? { codes: c.codes } : {}), ...(c.findings ? { findings: c.findings } : {}) };
}

/** chains/manifest.json (make-chains.sh, OpenSSL) or chains/profiles/manifest.json (make-profiles.py, python cryptography). */
export function loadManifest(dir: '' | 'profiles/' = ''): { at: string; cases: Case[] } {
  return JSON.parse(readFileSync(`${CHAINS}${dir}manifest.json`, 'utf8')) as { at: string; cases: Case[] };
}
