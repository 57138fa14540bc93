/**
 * Certificate policy processing (RFC 5280 §6.1.3 (d)–(f), §6.1.4 (a)–(j), §6.1.5), with the
 * user-initial-policy-set = {anyPolicy} and no initial explicit/inhibit flags.
 *
 * The valid_policy_tree is kept as a set of valid policies (what the leaf may rely on). That is
 * exact for paths without policy mappings; with mappings it follows a mapped policy through to
 * its subject-domain policies, which is what matters for the final acceptance decision.
 */
import type { CertificateItem } from '../types.js';
import { isSelfIssued } from './dn.js';
import { ext } from './validate.js';

const ANY = '2.5.29.32.0';

export interface PolicyProblem {
  /** Index into the certificates passed in (anchor side first), or -1 for the path. */
  index: number;
  message: string;
}

/** `certs`: the path without its trust anchor, the certificate it issued first, the leaf last. */
export function checkPolicies(certs: CertificateItem[]): PolicyProblem[] {
  const n = certs.length;
  const problems: PolicyProblem[] = [];
  let valid: Set<string> | null = new Set([ANY]);
  let explicit = n + 1;
  let inhibitAny = n + 1;
  let mapping = n + 1;
  for (let k = 0; k < n; k++) {
    const c = certs[k]!;
    const isLeaf = k === n - 1;
    const cp = ext(c, 'certificatePolicies');
    if (cp && valid) {
      const anyOk = cp.policies.includes(ANY) && (inhibitAny > 0 || (!isLeaf && isSelfIssued(c)));
      const own = cp.policies.filter((p) => p !== ANY);
      let next: Set<string>;
      if (valid.has(ANY)) next = new Set(own);
      else next = new Set(own.filter((p) => valid!.has(p)));
      if (anyOk) next = valid.has(ANY) ? new Set([...own, ANY]) : new Set(valid);
      valid = next;
    } else valid = null;
    if (valid && valid.size === 0) valid = null;

    if (!isLeaf) {
      const pm = ext(c, 'policyMappings');
      if (pm) {
        if (pm.mappings.some((m) => m.issuer === ANY || m.subject === ANY)) problems.push({ index: k, message: `${c.subject.text} maps anyPolicy, which RFC 5280 forbids.` });
        if (valid) {
          const next = new Set<string>();
          for (const p of valid) {
            const targets = pm.mappings.filter((m) => m.issuer === p).map((m) => m.subject);
            if (!targets.length) next.add(p);
            else if (mapping > 0) for (const t of targets) next.add(t);
          }
          if (valid.has(ANY) && mapping > 0) for (const m of pm.mappings) next.add(m.subject);
          valid = next.size ? next : null;
        }
      }
      if (!isSelfIssued(c)) {
        if (explicit > 0) explicit--;
        if (mapping > 0) mapping--;
        if (inhibitAny > 0) inhibitAny--;
      }
      const pc = ext(c, 'policyConstraints');
      if (pc?.requireExplicitPolicy !== undefined) explicit = Math.min(explicit, pc.requireExplicitPolicy);
      if (pc?.inhibitPolicyMapping !== undefined) mapping = Math.min(mapping, pc.inhibitPolicyMapping);
      const ia = ext(c, 'inhibitAnyPolicy');
      if (ia) inhibitAny = Math.min(inhibitAny, ia.skipCerts);
    } else {
      if (!isSelfIssued(c) && explicit > 0) explicit--;
      if (ext(c, 'policyConstraints')?.requireExplicitPolicy === 0) explicit = 0;
    }
    if (!valid && explicit <= 0) {
      problems.push({ index: k, message: `an explicit certificate policy is required at ${c.subject.text || 'this certificate'}, but no acceptable policy remains valid on the path.` });
      break;
    }
  }
  return problems;
}
