/**
 * The rules that separate the two profiles. Path validation proper (signatures, validity, name
 * chaining, basicConstraints and pathLen of issuers, name constraints, policies, critical
 * extensions, revocation, the peer name) fails under both and is not listed here. Each rule
 * below is a failure under one profile and a finding under the other, or a finding under both.
 *
 * Where RFC 5280 and x509-limbo's rfc5280 family treat a MUST of the certificate profile as
 * a path-validation failure (a missing or critical key identifier, a CA's non-critical
 * basicConstraints, serial rules), `rfc5280` fails; TLS clients do not check these, so
 * `webpki` reports them. Web PKI rules (EKU in the leaf, CA as a server certificate, CN/SAN
 * consistency of CA/B BR 7.1.4.3, key and hash strength, root profile) fail under `webpki` only.
 */
import type { Profile } from '../relations.js';

export type Level = 'fail' | 'error' | 'warning' | 'info';

export type RuleId = keyof typeof RULES;

export const RULES = {
  // RFC 5280 certificate-profile MUSTs.
  aki_critical: { webpki: 'warning', rfc5280: 'fail', about: 'authority key identifier marked critical (RFC 5280 §4.2.1.1)' },
  ski_critical: { webpki: 'warning', rfc5280: 'fail', about: 'subject key identifier marked critical (RFC 5280 §4.2.1.2)' },
  aia_critical: { webpki: 'warning', rfc5280: 'fail', about: 'authority information access marked critical (RFC 5280 §4.2.2.1)' },
  aki_missing: { webpki: 'warning', rfc5280: 'fail', about: 'no authority key identifier on a certificate that is not self-signed (RFC 5280 §4.2.1.1)' },
  anchor_aki_missing: { webpki: 'info', rfc5280: 'warning', about: 'a trust anchor issued by another CA without an authority key identifier (its contents are input, not checked)' },
  ca_ski_missing: { webpki: 'warning', rfc5280: 'fail', about: 'a CA certificate without a subject key identifier (RFC 5280 §4.2.1.2)' },
  bc_not_critical: { webpki: 'warning', rfc5280: 'fail', about: 'a CA that does not mark basicConstraints critical (RFC 5280 §4.2.1.9)' },
  nc_not_critical: { webpki: 'warning', rfc5280: 'fail', about: 'name constraints not marked critical (RFC 5280 §4.2.1.10; CA/B BR allow it and TLS clients honour them)' },
  pc_not_critical: { webpki: 'warning', rfc5280: 'fail', about: 'policyConstraints or inhibitAnyPolicy not marked critical (RFC 5280 §4.2.1.11, §4.2.1.14)' },
  pathlen_without_ca: { webpki: 'warning', rfc5280: 'fail', about: 'a path length constraint without cA (RFC 5280 §4.2.1.9)' },
  serial_zero: { webpki: 'warning', rfc5280: 'fail', about: 'serial number zero (RFC 5280 §4.1.2.2)' },
  serial_negative: { webpki: 'warning', rfc5280: 'fail', about: 'negative serial number (RFC 5280 §4.1.2.2)' },
  serial_too_long: { webpki: 'warning', rfc5280: 'fail', about: 'serial number over 20 octets (RFC 5280 §4.1.2.2)' },
  // Web PKI rules (CA/B Forum Baseline Requirements as TLS clients apply them).
  leaf_eku_missing: { webpki: 'fail', rfc5280: 'info', about: 'a TLS server certificate without extended key usage (CA/B BR 7.1.2.7.10); RFC 5280 lets an absent EKU constrain nothing' },
  leaf_eku_any_only: { webpki: 'fail', rfc5280: 'info', about: 'a TLS server certificate whose only EKU is anyExtendedKeyUsage' },
  leaf_eku_forbidden: { webpki: 'fail', rfc5280: 'info', about: 'serverAuth next to an EKU a TLS server certificate must not carry (CA/B BR 7.1.2.7.10)' },
  leaf_eku_critical: { webpki: 'fail', rfc5280: 'info', about: 'extended key usage marked critical in a TLS server certificate (CA/B BR 7.1.2.7.6)' },
  ca_as_leaf: { webpki: 'fail', rfc5280: 'info', about: 'a CA certificate used as a TLS server certificate (CA/B BR 7.1.2.7.8; RFC 5280 allows it)' },
  leaf_not_v3: { webpki: 'fail', rfc5280: 'info', about: 'a TLS server certificate that is not version 3, so it cannot carry subjectAltName' },
  san_critical_with_subject: { webpki: 'fail', rfc5280: 'warning', about: 'subjectAltName marked critical although the subject is not empty (CA/B BR 7.1.2.7.12)' },
  cn_not_in_san: { webpki: 'fail', rfc5280: 'warning', about: 'a common name that is not a literal copy of a subjectAltName (CA/B BR 7.1.4.3)' },
  invalid_dns_name: { webpki: 'fail', rfc5280: 'warning', about: 'a dNSName that is not a valid LDH host name or wildcard (failure under both profiles when a peer name or constraint is compared with it)' },
  weak_key: { webpki: 'fail', rfc5280: 'warning', about: 'DSA, RSA under 2048 bits, or an EC curve other than P-256/P-384/P-521' },
  sha1_signature: { webpki: 'fail', rfc5280: 'warning', about: 'signed with SHA-1' },
  root_eku: { webpki: 'fail', rfc5280: 'info', about: 'a root carrying extended key usage (CA/B BR 7.1.2.1.2)' },
  root_aki_fields: { webpki: 'fail', rfc5280: 'info', about: 'a root AKI without keyIdentifier or with issuer/serial (CA/B BR 7.1.2.1.3)' },
  root_aki_ski_mismatch: { webpki: 'fail', rfc5280: 'warning', about: 'a self-signed root whose AKI differs from its SKI (CA/B BR 7.1.2.1.3)' },
  unused_extension_malformed: { webpki: 'warning', rfc5280: 'warning', about: 'a malformed extension path validation does not use (SCT list, vendor extensions...)' },
} as const satisfies Record<string, { webpki: Level; rfc5280: Level; about: string }>;

export function levelOf(rule: RuleId, profile: Profile): Level {
  return RULES[rule][profile];
}
