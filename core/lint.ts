/**
 * Findings (lints) on single items: stable codes, a severity and a sentence each. They describe
 * the item on its own; whether a chain is valid is the chain engine's question.
 */
import { nameFindings } from './lint-names.js';
import { serialIsNegative, serialOctets } from './x509/common.js';
import type { CertificateItem, ExtensionData, Finding, Item, PublicKeyInfo } from './types.js';

const DAY = 86_400_000;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const ANY_EKU = '2.5.29.37.0';
/** CA/Browser Forum ballot SC31: 398-day limit for certificates issued on or after this date. */
const LIMIT_398_FROM = Date.parse('2020-09-01T00:00:00Z');

function data<T extends ExtensionData['type']>(c: { extensions: CertificateItem['extensions'] }, type: T): Extract<ExtensionData, { type: T }> | undefined {
  for (const e of c.extensions) if (e.data?.type === type) return e.data as Extract<ExtensionData, { type: T }>;
  return undefined;
}

function keyFindings(k: PublicKeyInfo | undefined, what: string): Finding[] {
  if (!k) return [];
  if ((k.algorithm === 'RSA' || k.algorithm === 'RSA-PSS') && k.bits !== undefined && k.bits < 2048) {
    return [{ code: 'weak_rsa_key', severity: 'error', message: `${what} is a ${k.bits}-bit RSA key; 2048 bits is the minimum considered safe.` }];
  }
  if (k.algorithm === 'EC' && k.bits !== undefined && k.bits < 256) {
    return [{ code: 'weak_ec_key', severity: 'error', message: `${what} is a ${k.bits}-bit EC key (${k.curve ?? 'unnamed curve'}); 256 bits is the minimum considered safe.` }];
  }
  if (k.algorithm === 'DSA') return [{ code: 'dsa_key', severity: 'warning', message: `${what} is a DSA key, which current TLS and SSH software no longer accepts.` }];
  return [];
}

function signatureFindings(alg: { name: string; hash?: string; oid: string }, what: string): Finding[] {
  const hash = alg.hash ?? '';
  if (hash === 'MD5' || hash === 'MD2') return [{ code: 'md5_signature', severity: 'error', message: `${what} is signed with ${alg.name}; ${hash} is broken and such signatures can be forged.` }];
  if (hash === 'SHA-1') return [{ code: 'sha1_signature', severity: 'warning', message: `${what} is signed with ${alg.name}; SHA-1 signatures are no longer trusted by browsers.` }];
  return [];
}

function certificateFindings(c: CertificateItem, now: Date): Finding[] {
  const out: Finding[] = [];
  const t = now.getTime();
  const nb = Date.parse(c.notBefore);
  const na = Date.parse(c.notAfter);
  if (t > na) out.push({ code: 'expired', severity: 'error', message: `The certificate expired on ${c.notAfter}.` });
  else if (t < nb) out.push({ code: 'not_yet_valid', severity: 'error', message: `The certificate is not valid until ${c.notBefore}.` });
  else if (na - t <= 30 * DAY) {
    const days = Math.max(0, Math.ceil((na - t) / DAY));
    out.push({ code: 'expires_soon', severity: 'warning', message: `The certificate expires within ${days} ${days === 1 ? 'day' : 'days'}, on ${c.notAfter}.` });
  }

  out.push(...keyFindings(c.publicKey, 'The certificate key'));
  const selfSigned = c.selfIssued;
  if (!selfSigned) out.push(...signatureFindings(c.signatureAlgorithm, 'The certificate'));
  else if ((c.signatureAlgorithm.hash ?? '') === 'MD5') out.push(...signatureFindings(c.signatureAlgorithm, 'The certificate'));

  const bc = data(c, 'basicConstraints');
  const ku = data(c, 'keyUsage');
  const eku = data(c, 'extKeyUsage');
  const sanExt = c.extensions.find((e) => e.data?.type === 'subjectAltName')?.data;
  const san = sanExt?.type === 'subjectAltName' ? sanExt : undefined;
  const isCa = !!bc?.ca;
  if (selfSigned && !isCa && c.version >= 3) out.push({ code: 'self_signed_leaf', severity: 'warning', message: 'The certificate is self-signed but is not a CA: clients will trust it only if it is pinned or added by hand.' });
  if (isCa && ku && !ku.usages.includes('keyCertSign')) out.push({ code: 'ca_without_keycertsign', severity: 'error', message: 'The certificate is a CA (basicConstraints cA) but its key usage lacks keyCertSign, so it cannot sign certificates.' });

  const serverLooking = !isCa && (eku ? eku.oids.includes(SERVER_AUTH) || eku.oids.includes(ANY_EKU) : true);
  if (serverLooking) {
    if (!san) out.push({ code: 'no_san', severity: 'warning', message: 'The certificate has no subjectAltName: browsers ignore the common name, so it matches no host name.' });
    if (nb >= LIMIT_398_FROM && na - nb > 398 * DAY) {
      out.push({ code: 'validity_too_long', severity: 'warning', message: `The certificate is valid for ${Math.round((na - nb) / DAY)} days; publicly trusted TLS certificates issued since 2020-09-01 may last at most 398 days.` });
    }
    const cns = c.subject.attributes.filter((a) => a.oid === '2.5.4.3').map((a) => a.value);
    if (san && cns.length) {
      const names = san.names.map((n) => n.value.toLowerCase());
      for (const cn of cns) if (!names.includes(cn.toLowerCase())) out.push({ code: 'cn_not_in_san', severity: 'warning', message: `The common name "${cn}" is not one of the subjectAltNames.` });
    }
  }

  const serial = c.serial.toLowerCase();
  if (/^-?0*$/.test(serial)) out.push({ code: 'serial_zero', severity: 'warning', message: 'The serial number is zero, which RFC 5280 forbids.' });
  else if (serialIsNegative(serial)) out.push({ code: 'serial_negative', severity: 'warning', message: `The serial number is negative (${serial}), which RFC 5280 forbids.` });
  const octets = serialOctets(serial);
  if (octets > 20) out.push({ code: 'serial_too_long', severity: 'warning', message: `The serial number is ${octets} octets long; RFC 5280 allows at most 20.` });
  if (c.version === 1 && c.extensions.length) out.push({ code: 'v1_with_extensions', severity: 'error', message: 'The certificate is version 1 but carries extensions, which only version 3 allows.' });
  return out;
}

export function lintItem(item: Item, now: Date): Finding[] {
  const out: Finding[] = [];
  switch (item.kind) {
    case 'certificate':
      out.push(...certificateFindings(item, now));
      break;
    case 'certificate-request':
      out.push(...keyFindings(item.publicKey, 'The requested key'), ...signatureFindings(item.signatureAlgorithm, 'The request'));
      break;
    case 'public-key':
      out.push(...keyFindings(item.publicKey, 'The key'));
      break;
    case 'private-key': {
      const k = item.publicKey ?? (item.algorithm && item.algorithm !== 'unknown' ? ({ algorithm: item.algorithm, bits: item.bits, curve: item.curve } as PublicKeyInfo) : undefined);
      out.push(...keyFindings(k, 'The key'));
      break;
    }
    case 'crl':
      if (item.nextUpdate && Date.parse(item.nextUpdate) < now.getTime()) out.push({ code: 'crl_expired', severity: 'warning', message: `The CRL's next update was due on ${item.nextUpdate}; it is out of date.` });
      out.push(...signatureFindings(item.signatureAlgorithm, 'The CRL'));
      break;
    default:
      break;
  }
  for (const f of nameFindings(item)) out.push(f);
  if (item.trailingBytes) {
    const what = item.container === 'pkcs7' ? 'the PKCS#7 bundle it came from' : item.kind === 'crl' ? 'the CRL' : item.kind === 'certificate-request' ? 'the request' : 'the certificate';
    const where = item.encoding === 'pem' ? 'inside its PEM block' : 'in the file';
    out.push({
      code: 'trailing_bytes',
      severity: 'warning',
      message: `${item.trailingBytes.toLocaleString('en-US')} byte${item.trailingBytes === 1 ? '' : 's'} follow the end of ${what} ${where}; they were ignored, as OpenSSL ignores them (the file may be damaged or padded).`,
    });
  }
  for (const w of item.warnings) {
    if (w.code === 'limit_exceeded') out.push({ code: 'limit_exceeded', severity: 'warning', message: w.message });
    else out.push({ code: 'non_der', severity: 'info', message: `Read leniently: ${w.message}` });
  }
  return out;
}
