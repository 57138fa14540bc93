/** Entry point of the X.509 readers: certificates, CSRs, CRLs and PKCS#7 bundles, recognised by structure. */
import type { Origin, ReadOutcome } from '../context.js';
import { DerError, DerLimitError, firstChildren, readRoot, readTlv, TAG, type Tlv } from '../der.js';
import type { Problem } from '../types.js';
import { looksLikeCertificate, readCertificate } from './certificate.js';
import { leniencyWarning, normalizeBer } from './common.js';
import { looksLikeCrl, readCrl } from './crl.js';
import { looksLikeCsr, readCsr } from './csr.js';
import { looksLikePkcs7, readPkcs7 } from './pkcs7.js';

export { readSpki } from './spki.js';
export { readAlgorithm } from './algorithm.js';
export { decodeExtension, readExtensions } from './extensions/index.js';

type Shape = 'certificate' | 'certificate request' | 'CRL' | 'PKCS#7 bundle';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

function shapeOf(root: Tlv): Shape | undefined {
  if (root.tag !== TAG.SEQUENCE) return undefined;
  // Only the first few fields decide the shape: a flood of children is never read here.
  const f = firstChildren(root, 4);
  if (looksLikePkcs7(f)) return 'PKCS#7 bundle';
  const [tbs, alg, sig] = f;
  if (f.length !== 3 || tbs?.tag !== TAG.SEQUENCE || alg?.tag !== TAG.SEQUENCE || sig?.tag !== TAG.BIT_STRING) return undefined;
  const t = firstChildren(tbs, 6);
  if (looksLikeCertificate(t)) return 'certificate';
  if (looksLikeCsr(t)) return 'certificate request';
  if (looksLikeCrl(t)) return 'CRL';
  return undefined;
}

/**
 * The first TLV of `der`, read strictly, or else leniently with a warning (BER lengths re-encoded);
 * undefined when not even BER. Bytes after it are counted, not refused: OpenSSL reads a certificate
 * followed by anything, and the item reports them (`trailingBytes`, a finding).
 */
function rootOf(der: Uint8Array): { root: Tlv; warnings: Problem[]; trailing: number } | undefined {
  try {
    const root = readTlv(der, 0);
    return { root, warnings: [], trailing: der.length - root.end };
  } catch {
    try {
      const lenient = { notes: [] as string[] };
      const { der: normal, end } = normalizeBer(der, lenient);
      return { root: readRoot(normal), warnings: [leniencyWarning(lenient.notes)], trailing: der.length - end };
    } catch {
      return undefined;
    }
  }
}

/**
 * Certificate / CSR / CRL / PKCS#7 ContentInfo, recognised by structure. Undefined when the DER
 * is none of these (or not DER at all); never throws.
 */
export function readX509Der(der: Uint8Array, origin: Origin): ReadOutcome | undefined {
  const r = rootOf(der);
  if (!r) return undefined;
  let shape: Shape | undefined;
  try {
    shape = shapeOf(r.root);
  } catch {
    return undefined;
  }
  if (!shape) return undefined;
  try {
    const out: ReadOutcome = { items: [], errors: [] };
    switch (shape) {
      case 'PKCS#7 bundle': {
        const p7 = readPkcs7(r.root, origin, r.warnings);
        out.items = p7.items;
        out.errors = p7.errors;
        break;
      }
      case 'certificate':
        out.items = [readCertificate(r.root, origin, r.warnings)];
        break;
      case 'certificate request':
        out.items = [readCsr(r.root, origin, r.warnings)];
        break;
      case 'CRL':
        out.items = [readCrl(r.root, origin, r.warnings)];
        break;
    }
    if (r.trailing > 0) for (const item of out.items) item.trailingBytes = r.trailing;
    return out;
  } catch (e) {
    if (e instanceof DerLimitError) return { items: [], errors: [{ code: 'limit_exceeded', message: `This ${shape} is larger than this app reads: ${e.message}.`, detail: e.message }] };
    return { items: [], errors: [{ code: 'der_invalid', message: `This ${shape} is damaged and cannot be read.`, detail: message(e) }] };
  }
}

const WHAT: Record<string, string> = {
  CERTIFICATE: 'a certificate',
  'TRUSTED CERTIFICATE': 'a certificate',
  'X509 CERTIFICATE': 'a certificate',
  'CERTIFICATE REQUEST': 'a certificate request',
  'NEW CERTIFICATE REQUEST': 'a certificate request',
  'X509 CRL': 'a CRL',
  PKCS7: 'a PKCS#7 bundle',
  CMS: 'a PKCS#7 bundle',
  'PKCS #7 SIGNED DATA': 'a PKCS#7 bundle',
};

/** The PEM labels this module reads. */
export function isX509Label(label: string): boolean {
  return label in WHAT;
}

/** Reads the DER of a PEM block with one of the X.509 labels; never throws. */
export function readX509Pem(label: string, der: Uint8Array, origin: Origin): ReadOutcome {
  let bytes = der;
  if (label === 'TRUSTED CERTIFICATE') {
    // OpenSSL appends an auxiliary trust SEQUENCE after the certificate: read only the first TLV.
    try {
      bytes = der.subarray(0, readTlv(der, 0).end);
    } catch {
      // Fall through: the strict read below reports the damage.
    }
  }
  const out = readX509Der(bytes, origin);
  if (out) return out;
  let detail: string;
  try {
    readRoot(bytes);
    detail = 'the structure is valid ASN.1 but has the wrong shape';
  } catch (e) {
    detail = e instanceof DerError ? e.message : message(e);
  }
  return { items: [], errors: [{ code: 'der_invalid', message: `The ${label} block does not contain ${WHAT[label] ?? 'what its label says'} that can be read.`, detail }] };
}
