/**
 * The walkthrough as terminal text: one block per step (lanes, lock or key, what happened),
 * failures with their fix, then the verdict. `--verbose` adds what each step proves and its
 * bytes in hex. Every string that can hold text from a file (subjects, names, file names)
 * passes through visibleText before it is styled.
 */
import { visibleText } from '../core/visible-text.js';
import type { HandshakeResult, HandshakeStep, StepValue } from '../core/tls/types.js';
import type { Style } from './style.js';

const t = visibleText;
/** Values up to this size are printed whole in --verbose; larger ones (certificates) are cut. */
const WHOLE_HEX_BYTES = 512;
const HEX_LINE_BYTES = 32;

function lanes(s: HandshakeStep): string {
  if (s.to) return `${s.from} → ${s.to}`;
  return s.from === 'both' ? 'client + server' : s.from;
}

const CRYPTO = { asymmetric: 'public-key', symmetric: 'shared-key', none: '' } as const;

function hexLines(v: StepValue, indent: string): string[] {
  const shown = v.size > WHOLE_HEX_BYTES ? v.hex.slice(0, 2 * 64) : v.hex;
  const out: string[] = [];
  for (let i = 0; i < shown.length; i += 2 * HEX_LINE_BYTES) out.push(indent + shown.slice(i, i + 2 * HEX_LINE_BYTES));
  if (v.size > WHOLE_HEX_BYTES) out.push(`${indent}… (${v.size} bytes in all; --json has them)`);
  return out;
}

function valueLines(v: StepValue, st: Style): string[] {
  const from = v.from ? `, from ${t(v.from.file)} item ${v.from.index + 1}` : '';
  const secret = v.secret ? ' ' + st.yellow('[session secret]') : '';
  return [`       ${t(v.name)} (${v.size} bytes${from})${secret}:`, ...hexLines(v, '         ')];
}

function stepLines(s: HandshakeStep, n: number, st: Style, verbose: boolean): string[] {
  const mark = s.status === 'ok' ? st.green('✓') : s.status === 'warning' ? st.yellow('!') : st.red('✗');
  const kind = CRYPTO[s.crypto] ? ` [${CRYPTO[s.crypto]}]` : '';
  const proto = s.protocol === 'TLS 1.3' ? '' : ` (${s.protocol})`;
  const reached = s.reached ? '' : st.dim(' (not reached by a real client: an earlier step failed)');
  const out = [`${String(n).padStart(2)}. ${mark} ${st.bold(t(s.title))}${proto}  ${st.dim(lanes(s) + kind)}${reached}`, `     ${t(s.summary)}`];
  const showDetails = verbose || s.status !== 'ok' || s.id === 'certificate';
  if (showDetails) for (const d of s.details) out.push(`     ${s.status === 'failed' ? '✗' : '-'} ${t(d)}`);
  if (s.fix && s.status === 'failed') out.push(`     ${st.cyan('Fix:')} ${t(s.fix)}`);
  if (verbose) {
    out.push(`     ${st.dim('Proves: ' + t(s.proves))}`);
    if (s.messageSize !== undefined) out.push(st.dim(`     Message: ${s.messageSize} bytes`));
    for (const v of s.values) out.push(...valueLines(v, st));
  }
  return out;
}

export function formatHandshake(r: HandshakeResult, st: Style, opts: { verbose: boolean; systemRoots: boolean }): string {
  const head = `Handshake walkthrough: ${r.target.type === 'ip' ? 'IP address' : 'host'} ${t(r.target.value)}${r.target.defaulted ? " (the certificate's first name)" : ''}, trusting ${t(r.trustedName)}; TLS 1.3, ${r.cipherSuite}, ${r.group}${r.signatureScheme ? `, ${r.signatureScheme}` : ''}`;
  const out = [st.bold(head), ''];
  r.steps.forEach((s, i) => out.push(...stepLines(s, i + 1, st, opts.verbose)));
  out.push('');
  out.push(`Verdict: ${r.verdict.connects ? st.green('CONNECTS') : st.red('DOES NOT CONNECT')}: ${t(r.verdict.message)}`);
  if (r.verdict.fix) out.push(`${st.cyan('Fix:')} ${t(r.verdict.fix)}`);
  if (opts.systemRoots && r.verdict.code === 'untrusted_root') out.push(st.dim('Checked against the system roots; for a private CA give its root with --trusted FILE.'));
  out.push(st.dim(r.simulation));
  return out.join('\n') + '\n';
}
