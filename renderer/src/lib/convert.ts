/**
 * The Export / Convert dialog's choices in plain words, over core/write's writers, and which
 * loaded items each one is given. Which items belong together (a key and its certificate, the
 * certificate's issuers) comes from the relations core computed; what a writer can make of
 * them, and why not, is the writer's own answer (`accepts`), asked in the Worker.
 */
import type { Item, Sensitivity } from '../../../core/types.js';
import type { OutputFormat } from '../../../core/write/types.js';
import type { ItemRef, Relations } from './protocol.js';

/** How a choice protects a private key it writes. */
export type Protection =
  /** A new password, typed twice. */
  | 'password'
  /** In the clear, because the consumer cannot use anything else: warned about and confirmed. */
  | 'clear'
  /** The person chooses: a new password (the default) or, warned and confirmed, none. */
  | 'optional';

export type ChoiceId = 'pfx' | 'pfx-legacy' | 'key-clear' | 'key-new' | 'haproxy' | 'fullchain' | 'openssh' | 'ppk' | 'jwk' | 'pem' | 'der' | 'spki';

/** What the dialog was opened for, and the items around it. */
export interface Subject {
  ref: ItemRef;
  /** Its private key: itself, or the key a certificate, CSR or public key pairs with. */
  key?: ItemRef;
  /** Its certificate: itself, or the certificate the key pairs with. */
  leaf?: ItemRef;
  /** The leaf's loaded issuers in order (leaf not included), each with whether it is a trust anchor. */
  chain: { ref: ItemRef; anchor: boolean }[];
}

export interface Choice {
  id: ChoiceId;
  title: string;
  what: string;
  /** The writer; undefined for the plain saves of the item as it is. */
  format?: OutputFormat;
  legacy?: boolean;
  protection: Protection;
  /** The items the writer gets, or a sentence why the selection has none for it. */
  pool(s: Subject): ItemRef[] | string;
  /** The suggested file name (the writer's output is public or private). */
  name(s: Subject, names: (ref: ItemRef) => string, sensitivity: Sensitivity): string;
}

const defined = (refs: (ItemRef | undefined)[]): ItemRef[] => refs.filter((r): r is ItemRef => r !== undefined);
const withAnchors = (s: Subject) => s.chain.map((c) => c.ref);
/** What a server sends: the leaf's issuers without the root its clients already hold. */
const sent = (s: Subject) => s.chain.filter((c) => !c.anchor).map((c) => c.ref);

export const CHOICES: readonly Choice[] = [
  {
    id: 'pfx', title: 'PFX for Windows / IIS / Azure', what: 'The key, its certificate and chain in one .pfx: AES-256 and a SHA-256 MAC, as OpenSSL 3 writes it.',
    format: 'pkcs12', protection: 'password',
    pool: (s) => defined([s.key, s.leaf, ...withAnchors(s)]).length ? defined([s.key, s.leaf, ...withAnchors(s)]) : [s.ref],
    name: (s, n) => `${n(s.leaf ?? s.key ?? s.ref)}.pfx`,
  },
  {
    id: 'pfx-legacy', title: 'PFX for old Windows / Java 8', what: 'The same, with 3DES and a SHA-1 MAC: for Windows Server 2016, Java 8 and older macOS.',
    format: 'pkcs12', legacy: true, protection: 'password',
    pool: (s) => defined([s.key, s.leaf, ...withAnchors(s)]).length ? defined([s.key, s.leaf, ...withAnchors(s)]) : [s.ref],
    name: (s, n) => `${n(s.leaf ?? s.key ?? s.ref)}-legacy.pfx`,
  },
  {
    id: 'key-clear', title: 'Key without passphrase for nginx / Apache', what: 'The private key as PKCS#8 PEM, readable without a password.',
    format: 'pkcs8', protection: 'clear', pool: (s) => [s.key ?? s.ref], name: (s, n) => `${n(s.key ?? s.ref)}.key`,
  },
  {
    id: 'key-new', title: 'Key with a new passphrase', what: 'The private key as encrypted PKCS#8 PEM (AES-256, 600,000 PBKDF2 rounds).',
    format: 'pkcs8', protection: 'password', pool: (s) => [s.key ?? s.ref], name: (s, n) => `${n(s.key ?? s.ref)}.key`,
  },
  {
    id: 'haproxy', title: 'PEM bundle: key + full chain for HAProxy', what: 'Certificate, intermediates and the key in one PEM file, as HAProxy’s crt wants it.',
    format: 'pem', protection: 'clear',
    pool: (s) => (s.leaf || s.key ? defined([s.leaf, ...sent(s), s.key]) : 'The selection has no certificate or key.'),
    name: (s, n) => `${n(s.leaf ?? s.key ?? s.ref)}-bundle.pem`,
  },
  {
    id: 'fullchain', title: 'Full chain for nginx', what: 'The certificate followed by its intermediates: what ssl_certificate wants.',
    format: 'pem', protection: 'clear',
    pool: (s) => (s.leaf ? [s.leaf, ...sent(s)] : 'The selection has no certificate.'),
    name: () => 'fullchain.pem',
  },
  {
    id: 'openssh', title: 'OpenSSH key', what: 'A private key for ssh (-i), or a public key as an authorized_keys line.',
    // The item itself: a certificate's or public key's public half, a private key whole.
    format: 'openssh', protection: 'optional', pool: (s) => [s.ref],
    name: (s, n, sens) => (sens === 'private' ? `${n(s.ref)}-openssh.key` : `${n(s.ref)}.pub`),
  },
  {
    id: 'ppk', title: 'PuTTY key (.ppk)', what: 'For PuTTY, WinSCP and FileZilla on Windows (version 3, Argon2).',
    format: 'ppk', protection: 'optional', pool: (s) => [s.key ?? s.ref], name: (s, n) => `${n(s.key ?? s.ref)}.ppk`,
  },
  {
    id: 'jwk', title: 'JWK', what: 'A JSON Web Key for identity providers and test tools (the key id is its RFC 7638 thumbprint).',
    format: 'jwk', protection: 'clear', pool: (s) => [s.ref], name: (s, n) => `${n(s.ref)}.jwk`,
  },
];

const same = (a: ItemRef | undefined, b: ItemRef | undefined) => !!a && !!b && a.fileId === b.fileId && a.index === b.index;

/**
 * The item the dialog is for and what belongs to it. `partner` names the certificate when a
 * key pairs with several (a key pair card's "Make a PFX").
 */
export function subjectFor(ref: ItemRef, itemOf: (ref: ItemRef) => Item | undefined, relations: Relations | null, partner?: ItemRef): Subject {
  const item = itemOf(ref);
  const pairs = relations?.pairs ?? [];
  let key: ItemRef | undefined;
  let leaf: ItemRef | undefined;
  if (item?.kind === 'private-key') {
    key = ref;
    leaf = partner ?? pairs.find((p) => same(p.privateRef, ref) && itemOf(p.publicRef)?.kind === 'certificate')?.publicRef;
  } else {
    if (item?.kind === 'certificate') leaf = ref;
    key = pairs.find((p) => same(p.publicRef, ref))?.privateRef;
  }
  const leafSha = leaf ? itemOf(leaf)?.sha256 : undefined;
  const found = leafSha ? relations?.chains.find((c) => c.result.chain[0]?.sha256 === leafSha) : undefined;
  const chain: Subject['chain'] = [];
  found?.refs.forEach((r, i) => {
    if (i > 0 && r) chain.push({ ref: r, anchor: found.result.chain[i]?.trusted ?? false });
  });
  return { ref, key, leaf, chain };
}

/** A file's name without its extension, with the item's number when the file holds several. */
export function baseName(fileName: string, index: number, items: number): string {
  const base = fileName.replace(/\.[^.]+$/, '') || 'item';
  return items > 1 ? `${base}-${index + 1}` : base;
}
