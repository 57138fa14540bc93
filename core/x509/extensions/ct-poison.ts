/** CT precertificate poison (1.3.6.1.4.1.11129.2.4.3, RFC 6962 §3.1): a critical NULL. */
import { DerError, TAG } from '../../der.js';
import { root, type Decoded } from './util.js';

export function ctPrecertificatePoison(v: Uint8Array): Decoded {
  const t = root(v);
  if (t.tag !== TAG.NULL || t.end !== t.valueStart) throw new DerError('the CT poison must be NULL', t.start);
  return { lines: ['NULL (a precertificate for Certificate Transparency logs, not a usable certificate)'] };
}
