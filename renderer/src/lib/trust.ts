/**
 * One truth about trust per certificate, read from the chains the Worker built: the list's
 * trust badge, the Summary's verdict and the filter's words all come from here, so they can
 * never disagree with the chain cards.
 */
import type { ChainFinding, ChainIssue, Profile } from '../../../core/relations.js';
import type { Relations, UiChain } from './protocol.js';
import { CHAIN_WORDS } from './words.js';

export interface Verdict {
  /** `anchor`: a trusted root itself; `valid`/`invalid`: its chain from it up to a root. */
  state: 'valid' | 'invalid' | 'anchor';
  /** The chain the verdict comes from, and this certificate's place in it (0 = leaf). */
  chain?: UiChain;
  at: number;
  /** Errors on this certificate or above it (what makes its chain invalid). */
  reasons: ChainIssue[];
  /** Lapses reported as warnings: they do not make the chain invalid. */
  warnings: ChainIssue[];
  /** "chain valid", "chain invalid: untrusted root", "trusted root". */
  text: string;
  /** The rules the verdict was reached under (absent for a trusted root no chain reaches). */
  profile?: Profile;
  /** Lints on this certificate and the ones above it: shown apart from the verdict, never part of it. */
  findings: { subject: string; finding: ChainFinding }[];
}

function verdictAt(chain: UiChain, at: number): Verdict {
  const r = chain.result;
  const relevant = r.issues.filter((i) => i.certIndex < 0 || i.certIndex >= at || i.certIndex >= r.chain.length);
  const reasons = relevant.filter((i) => i.severity !== 'warning');
  const warnings = relevant.filter((i) => i.severity === 'warning');
  const top = r.chain[r.chain.length - 1];
  const link = r.chain[at];
  const findings = r.chain.slice(at).flatMap((l) => (l.findings ?? []).map((finding) => ({ subject: l.subject, finding })));
  const profile = r.profile;
  if (link?.trusted && at === r.chain.length - 1 && reasons.every((i) => i.certIndex !== at)) return { state: 'anchor', chain, at, reasons: [], warnings, text: 'trusted root', profile, findings };
  const valid = !!top?.trusted && reasons.length === 0;
  const first = reasons[0];
  return { state: valid ? 'valid' : 'invalid', chain, at, reasons, warnings, text: valid ? 'chain valid' : `chain invalid${first ? `: ${CHAIN_WORDS[first.code] ?? first.code}` : ''}`, profile, findings };
}

/**
 * Certificate SHA-256 → verdict. A certificate on several chains takes the one where it sits
 * lowest (its own chain as a leaf first), a valid one when there is a choice.
 */
export function verdicts(rel: Relations | null, trusted: ReadonlySet<string>): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  if (!rel) return out;
  for (const chain of rel.chains) {
    chain.result.chain.forEach((link, at) => {
      const v = verdictAt(chain, at);
      const had = out.get(link.sha256);
      if (!had || v.at < had.at || (v.at === had.at && had.state === 'invalid' && v.state !== 'invalid')) out.set(link.sha256, v);
    });
  }
  // Roots trusted here that no loaded certificate chains to are still trusted roots.
  for (const sha of trusted) if (!out.has(sha)) out.set(sha, { state: 'anchor', at: 0, reasons: [], warnings: [], text: 'trusted root', findings: [] });
  return out;
}
