/**
 * A certificate or CSR as readable text, for "Copy as text": what the Summary and Details show,
 * one fact a line, in the window's words. File-derived strings go through visibleText, so what
 * is pasted elsewhere cannot hide characters either.
 */
import type { Item } from '../../../core/types.js';
import { visibleText } from '../../../core/visible-text.js';
import { colonHex, formatDate, keySummary, itemExpiry } from './format.js';
import { findingText } from './words.js';

export function readableText(item: Item, fileName: string): string | undefined {
  if (item.kind !== 'certificate' && item.kind !== 'certificate-request') return undefined;
  const v = visibleText;
  const lines: string[] = [item.kind === 'certificate' ? 'Certificate' : 'Certificate signing request (CSR)', `  File:        ${v(fileName)}`, `  Subject:     ${v(item.subject.text) || '(empty)'}`];
  if (item.kind === 'certificate') {
    lines.push(`  Issuer:      ${v(item.issuer.text) || '(empty)'}${item.selfIssued ? ' (itself)' : ''}`);
    const exp = itemExpiry(item);
    lines.push(`  Valid from:  ${formatDate(item.notBefore)}`, `  Valid until: ${formatDate(item.notAfter)}${exp ? ` (${exp.text})` : ''}`, `  Serial:      ${colonHex(item.serial)}`);
  }
  lines.push(`  Public key:  ${keySummary(item.publicKey)}`, `  Signed with: ${item.signatureAlgorithm.name}`);
  if (item.extensions.length) {
    lines.push(item.kind === 'certificate' ? 'Extensions' : 'Requested extensions');
    for (const e of item.extensions) {
      lines.push(`  ${e.name}${e.critical ? ' (critical)' : ''}${e.status === 'unknown' ? ' (not decoded)' : e.status === 'malformed' ? ' (malformed)' : ''}`);
      for (const l of e.lines) lines.push(`    ${v(l)}`);
    }
  }
  lines.push('Fingerprints', `  SHA-256:     ${colonHex(item.sha256)}`);
  if (item.kind === 'certificate') lines.push(`  SHA-1:       ${colonHex(item.sha1)}`);
  lines.push(`  Public key SHA-256: ${colonHex(item.publicKey.spkiSha256)}`);
  if (item.findings.length) {
    lines.push('Findings');
    for (const f of item.findings) lines.push(`  ${f.severity === 'info' ? 'note' : f.severity}: ${v(findingText(f))}`);
  }
  return `${lines.join('\n')}\n`;
}
