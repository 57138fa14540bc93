/**
 * The presets: a key pair, a self-signed server certificate, a test PKI (root → intermediate →
 * server and client leaves) and a CSR, each as files with their conventional names.
 */
import { GenerateError } from './error.js';
import {
  authorityKeyIdentifier,
  basicConstraints,
  EKU,
  extKeyUsage,
  issueCertificate,
  keyUsage,
  makeCsr,
  subjectAltName,
  subjectKeyIdentifier,
  type AltName,
  type ExtensionSpec,
  type KeyUsageName,
  type NameSpec,
} from './certs.js';
import { utf8Encode } from '../bytes.js';
import { sshPublicLine } from '../write/openssh.js';
import { pemText } from '../write/pem-armor.js';
import { pkcs8Pem } from '../write/pkcs8.js';
import { toTraditional } from '../write/traditional.js';
import { hostAltName } from './hosts.js';
import { checkKeyOptions, keyPairFromPkcs8, newKeyPair, type KeyPair } from './keys.js';
import type { CertOptions, CsrOptions, GeneratedFile, GenerateResult, KeyOptions } from './types.js';

const ORGANIZATION = 'PEM Inspector Test';
export const LEAF_DAYS = 397;
const MAX_DAYS = 36_500;
const DAY_MS = 86_400_000;

export async function keyPairPreset(opts: KeyOptions & { name?: string }): Promise<GenerateResult> {
  const name = opts.name ?? 'keypair';
  checkFileBase(name);
  const key = await newKeyPair(opts);
  const files: GeneratedFile[] = [
    await privateKeyFile(key, opts, `${name}.key`, 'private key'),
    publicFile(`${name}.pub.pem`, pemText('PUBLIC KEY', key.spki), `public key (${keyLabel(key)}, SPKI PEM)`),
  ];
  const notes: string[] = [];
  const line = sshPublicLine(key.spki, name);
  if (line) files.push(publicFile(`${name}.pub`, line, 'public key as an OpenSSH authorized_keys line'));
  else notes.push(`No ${name}.pub: OpenSSH has no ${key.algorithm} key type.`);
  return { files, ...(notes.length ? { notes } : {}) };
}

export async function selfSignedPreset(opts: CertOptions): Promise<GenerateResult> {
  const { hosts, altNames, leafDays, notBefore } = checkCertOptions(opts);
  const key = await newKeyPair(opts);
  const subject = { commonName: opts.commonName ?? hosts[0]!, organization: opts.organization ?? ORGANIZATION };
  const certDer = await issueCertificate({
    subject,
    issuer: subject,
    subjectKey: key,
    issuerKey: key,
    notBefore,
    notAfter: addDays(notBefore, leafDays),
    extensions: [...serverExtensions(key, altNames), authorityKeyIdentifier(key)],
  });
  const n = naming(opts, 'server');
  return {
    files: [
      publicFile(n.cert, pemText('CERTIFICATE', certDer), `self-signed server certificate for ${hosts.join(', ')}`),
      await privateKeyFile(key, opts, n.key, `private key of ${n.cert}`),
    ],
  };
}

export async function testPkiPreset(opts: CertOptions): Promise<GenerateResult> {
  const { hosts, altNames, leafDays, notBefore } = checkCertOptions(opts);
  const [rootKey, interKey, serverKey, clientKey] = await Promise.all([1, 2, 3, 4].map(() => newKeyPair(opts)));
  const org = opts.organization ?? ORGANIZATION;
  const root: NameSpec = { commonName: `${org} Root CA`, organization: org };
  const inter: NameSpec = { commonName: `${org} Intermediate CA`, organization: org };
  const server: NameSpec = { commonName: opts.commonName ?? hosts[0]!, organization: org };
  const client: NameSpec = { commonName: 'client', organization: org };

  const rootDer = await issueCertificate({
    subject: root, issuer: root, subjectKey: rootKey!, issuerKey: rootKey!,
    notBefore, notAfter: addYears(notBefore, 10),
    extensions: [basicConstraints(true), keyUsage(['keyCertSign', 'cRLSign']), subjectKeyIdentifier(rootKey!)],
  });
  const interDer = await issueCertificate({
    subject: inter, issuer: root, subjectKey: interKey!, issuerKey: rootKey!,
    notBefore, notAfter: addYears(notBefore, 5),
    extensions: [
      basicConstraints(true, 0),
      keyUsage(['digitalSignature', 'keyCertSign', 'cRLSign']),
      extKeyUsage([EKU.serverAuth, EKU.clientAuth]),
      subjectKeyIdentifier(interKey!),
      authorityKeyIdentifier(rootKey!),
    ],
  });
  const serverDer = await issueCertificate({
    subject: server, issuer: inter, subjectKey: serverKey!, issuerKey: interKey!,
    notBefore, notAfter: addDays(notBefore, leafDays),
    extensions: [...serverExtensions(serverKey!, altNames), authorityKeyIdentifier(interKey!)],
  });
  const clientDer = await issueCertificate({
    subject: client, issuer: inter, subjectKey: clientKey!, issuerKey: interKey!,
    notBefore, notAfter: addDays(notBefore, leafDays),
    extensions: [
      basicConstraints(false),
      keyUsage(['digitalSignature']),
      extKeyUsage([EKU.clientAuth]),
      subjectAltName([{ type: 'email', value: 'client@example.test' }, { type: 'dns', value: 'client' }]),
      subjectKeyIdentifier(clientKey!),
      authorityKeyIdentifier(interKey!),
    ],
  });

  const [ca, im, sv, cl] = (['ca', 'intermediate', 'server', 'client'] as const).map((b) => naming(opts, b));
  const cert = (name: string, d: Uint8Array, description: string): GeneratedFile => publicFile(name, pemText('CERTIFICATE', d), description);
  return {
    files: [
      cert(ca!.cert, rootDer, 'root CA certificate (the one to trust; 10 years)'),
      await privateKeyFile(rootKey!, opts, ca!.key, 'private key of the root CA'),
      cert(im!.cert, interDer, 'intermediate CA certificate, issued by the root CA (pathlen 0; 5 years)'),
      await privateKeyFile(interKey!, opts, im!.key, 'private key of the intermediate CA'),
      cert(sv!.cert, serverDer, `server certificate for ${hosts.join(', ')}, issued by the intermediate CA`),
      await privateKeyFile(serverKey!, opts, sv!.key, `private key of ${sv!.cert}`),
      cert(cl!.cert, clientDer, 'client certificate (CN client), issued by the intermediate CA'),
      await privateKeyFile(clientKey!, opts, cl!.key, `private key of ${cl!.cert}`),
      publicFile('fullchain.pem', pemText('CERTIFICATE', serverDer) + pemText('CERTIFICATE', interDer), 'server certificate then the intermediate: what a TLS server sends'),
    ],
  };
}

export async function csrPreset(opts: CsrOptions): Promise<GenerateResult> {
  const { hosts, altNames } = checkCertOptions(opts);
  const existing = opts.privateKeyPkcs8;
  if (existing && (opts.keyFormat === 'traditional' || opts.password !== undefined)) {
    throw new GenerateError('invalid_option', 'A CSR for an existing key writes no key file: key encoding options do not apply.');
  }
  const key = existing ? await keyPairFromPkcs8(existing) : await newKeyPair(opts);
  const subject = { commonName: opts.commonName ?? hosts[0]!, organization: opts.organization ?? ORGANIZATION };
  const csrDer = await makeCsr(subject, key, [subjectAltName(altNames), leafKeyUsage(key), extKeyUsage([EKU.serverAuth])]);
  const n = naming(opts, 'server');
  const files: GeneratedFile[] = [
    publicFile('server.csr', pemText('CERTIFICATE REQUEST', csrDer), `certificate request for ${hosts.join(', ')} (${keyLabel(key)})`),
  ];
  if (!existing) files.push(await privateKeyFile(key, opts, n.key, 'private key of server.csr'));
  return { files };
}

function serverExtensions(key: KeyPair, altNames: AltName[]): ExtensionSpec[] {
  return [basicConstraints(false), leafKeyUsage(key), extKeyUsage([EKU.serverAuth]), subjectAltName(altNames), subjectKeyIdentifier(key)];
}

/** RSA TLS key exchange encrypts to the key (keyEncipherment); ECDSA and EdDSA keys only sign. */
function leafKeyUsage(key: KeyPair): ExtensionSpec {
  const usages: KeyUsageName[] = key.algorithm === 'RSA' ? ['digitalSignature', 'keyEncipherment'] : ['digitalSignature'];
  return keyUsage(usages);
}

function publicFile(name: string, text: string, description: string): GeneratedFile {
  return { name, bytes: utf8Encode(text), sensitivity: 'public', description };
}

/** The key file through the same encoders `convert` uses: PKCS#8 (encrypted with a password) or PKCS#1 / SEC1. */
async function privateKeyFile(key: KeyPair, opts: KeyOptions, name: string, what: string): Promise<GeneratedFile> {
  // checkKeyOptions allows traditional only unencrypted and for RSA and EC, which always have the form.
  const trad = opts.keyFormat === 'traditional' ? toTraditional(key.pkcs8, key.spki) : undefined;
  const text = trad ? pemText(trad.label, trad.der) : await pkcs8Pem(key.pkcs8, opts.password);
  const encoding = opts.password !== undefined ? 'encrypted PKCS#8' : trad ? (key.algorithm === 'RSA' ? 'PKCS#1' : 'SEC1') : 'PKCS#8';
  return { name, bytes: utf8Encode(text), sensitivity: 'private', description: `${what} (${keyLabel(key)}, ${encoding})` };
}

export function keyLabel(key: KeyPair): string {
  if (key.algorithm === 'RSA') return `RSA ${key.bits}`;
  if (key.algorithm === 'EC') return `EC ${key.curve}`;
  return key.algorithm;
}

function checkCertOptions(opts: CertOptions) {
  checkKeyOptions(opts);
  const hosts = opts.hosts && opts.hosts.length > 0 ? opts.hosts : ['localhost'];
  const altNames = hosts.map(hostAltName);
  const leafDays = opts.days ?? LEAF_DAYS;
  if (!Number.isInteger(leafDays) || leafDays < 1 || leafDays > MAX_DAYS) {
    throw new GenerateError('invalid_option', `Validity must be a whole number of days from 1 to ${MAX_DAYS}, not ${leafDays}.`);
  }
  if (opts.commonName !== undefined && (opts.commonName.length === 0 || opts.commonName.length > 64)) {
    throw new GenerateError('invalid_option', 'A common name must be 1 to 64 characters long.');
  }
  if (opts.now !== undefined && Number.isNaN(opts.now.getTime())) {
    throw new GenerateError('invalid_option', 'The start time is not a valid date.');
  }
  const notBefore = opts.now ?? new Date(Date.now() - 60_000);
  return { hosts, altNames, leafDays, notBefore };
}

function naming(opts: CertOptions, base: string): { cert: string; key: string } {
  return opts.naming === 'pem' ? { cert: `${base}.pem`, key: `${base}-key.pem` } : { cert: `${base}.crt`, key: `${base}.key` };
}

/** A file name people chose: no folders, no hidden files. */
function checkFileBase(name: string): void {
  if (!/^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/.test(name)) {
    throw new GenerateError('invalid_option', `"${name}" is not usable as a file name: use letters, digits, ".", "_" and "-".`);
  }
}

function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

function addYears(d: Date, years: number): Date {
  const out = new Date(d.getTime());
  out.setUTCFullYear(out.getUTCFullYear() + years);
  return out;
}
