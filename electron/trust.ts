import { rootCertificates } from 'node:tls';

/**
 * The system trust roots as PEM: the Mozilla set Node ships, the same store the CLI's `verify`
 * uses, so the app and the CLI agree on what "trusted" means.
 */
export function systemRoots(): string[] {
  return [...rootCertificates];
}
