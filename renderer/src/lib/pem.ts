/** PEM text for items, built from their DER (what is exported is exactly what was parsed). */
import type { Item } from '../../../core/types.js';
import { pemText as toPem } from '../../../core/write/pem-armor.js';
import { privateKeyShape } from './pkcs8.js';

/** PEM armour: core's one writer (RFC 7468, 64-character lines), the same as convert's. */
export { toPem };

/** The label and DER to export an item as PEM, or undefined for binary-only containers. */
export function pemParts(item: Item): { label: string; der: Uint8Array } | undefined {
  switch (item.kind) {
    case 'certificate':
      return { label: 'CERTIFICATE', der: item.der };
    case 'certificate-request':
      return { label: 'CERTIFICATE REQUEST', der: item.der };
    case 'crl':
      return { label: 'X509 CRL', der: item.der };
    case 'public-key':
      return { label: 'PUBLIC KEY', der: item.publicKey.spki };
    case 'parameters':
      return { label: item.source.pemLabel ?? 'EC PARAMETERS', der: item.der };
    case 'pkcs12':
      return undefined;
    case 'private-key': {
      if (item.encrypted) return { label: item.source.pemLabel ?? 'ENCRYPTED PRIVATE KEY', der: item.der };
      const shape = privateKeyShape(item.der);
      const label = shape === 'pkcs8' ? 'PRIVATE KEY' : shape === 'pkcs1' ? 'RSA PRIVATE KEY' : shape === 'sec1' ? 'EC PRIVATE KEY' : (item.source.pemLabel ?? 'PRIVATE KEY');
      return { label, der: item.der };
    }
  }
}

export function itemPem(item: Item): string | undefined {
  const p = pemParts(item);
  return p ? toPem(p.label, p.der) : undefined;
}

/** A file name for an exported item, from the file it came from. */
export function exportName(fileName: string, item: Item, ext: string): string {
  const base = fileName.replace(/\.[^.]+$/, '') || 'item';
  const suffix = item.source.index > 0 ? `-${item.source.index + 1}` : '';
  return `${base}${suffix}.${ext}`;
}
