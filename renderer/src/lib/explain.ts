/** Plain-language explanations: what an item is and how TLS uses it. */
import type { Item } from '../../../core/types.js';
import { commonName, keySummary } from './format.js';

/** “a” or “an” before a key summary (`an EC P-256`, `an RSA 2048-bit`, `an Ed25519`). */
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const an = (word: string) => (/^(?:[aeiou]|RSA|EC|Ed|X|unknown)/i.test(word) ? `an ${word}` : `a ${word}`);

function isCa(item: Item): boolean {
  return item.kind === 'certificate' && item.extensions.some((e) => e.data?.type === 'basicConstraints' && e.data.ca);
}

/** A sentence in parts: the app's words, and strings from the file (isolated when shown). */
export type Segment = string | { file: string };
const file = (s: string): Segment => ({ file: s });

function sentence(strings: TemplateStringsArray, ...values: Segment[]): Segment[] {
  const out: Segment[] = [];
  strings.forEach((s, i) => {
    if (s) out.push(s);
    if (i < values.length) out.push(values[i]!);
  });
  return out;
}

export const segmentsText = (segs: readonly Segment[]) => segs.map((s) => (typeof s === 'string' ? s : s.file)).join('');

const cnOf = (dn: { text: string }) => file(commonName(dn.text) ?? dn.text);

/**
 * One sentence: what this item is. Secrecy is said once, by the badge beside the title: the
 * sentence says what holding the item allows instead.
 */
export function whatItIs(item: Item): Segment[] {
  switch (item.kind) {
    case 'certificate': {
      const cn = cnOf(item.subject);
      if (item.selfIssued && isCa(item)) return sentence`A root CA certificate for “${cn}”: it signed itself, so it is trusted only where someone chose to trust it.`;
      if (isCa(item)) return sentence`An intermediate CA certificate for “${cn}”, issued by “${cnOf(item.issuer)}”.`;
      if (item.selfIssued) return sentence`A self-signed certificate for “${cn}”: nobody else vouches for it.`;
      return sentence`A certificate for “${cn}”, issued by “${cnOf(item.issuer)}”.`;
    }
    case 'certificate-request':
      return sentence`A certificate signing request (CSR) for “${cnOf(item.subject)}”, with ${an(keySummary(item.publicKey))} public key.`;
    case 'crl':
      return sentence`A certificate revocation list from “${cnOf(item.issuer)}” naming ${String(item.revoked.length)} revoked certificate${item.revoked.length === 1 ? '' : 's'}.`;
    case 'public-key':
      return [`${cap(an(keySummary(item.publicKey)))} public key. It is safe to share.`];
    case 'private-key':
      return [
        item.encrypted
          ? `A password-protected private key${item.algorithm ? ` (${keySummary(item)})` : ''}: even locked, keep it to yourself.`
          : `${cap(an(keySummary(item.publicKey ?? item)))} private key: anyone holding it can act as its owner.`,
      ];
    case 'secret-key':
      return [`A symmetric key${item.algorithm ? ` (${item.algorithm}${item.bits ? `, ${item.bits} bits` : ''})` : ''}: anyone holding it can read or forge what it protects.`];
    case 'pkcs12':
      return [item.encrypted ? 'A PKCS #12 container, locked with a password. It usually holds a private key.' : 'A PKCS #12 container holding private material.'];
    case 'parameters':
      return [`Key parameters${item.curve ? ` for the curve ${item.curve}` : ''}: not a key, only the settings keys are made with.`];
  }
}

/** A short paragraph teaching what this kind of thing does in TLS. */
export function teaching(item: Item): string {
  switch (item.kind) {
    case 'certificate':
      return isCa(item)
        ? 'A certificate authority (CA) vouches for other certificates by signing them. Its signature on a certificate says: “I checked that the holder of this public key controls these names.” Browsers and operating systems trust a small set of root CAs; everything else must chain up to one of them.'
        : 'A certificate binds a public key to names (a host name, an email address). A CA’s signature vouches for that binding. A server presents it during the TLS handshake, then proves it holds the matching private key. Clients check the names, the dates and the chain up to a root they trust.';
    case 'certificate-request':
      return 'A CSR is what you send a CA to ask for a certificate. It carries the public key and the names you want, and is signed with the private key to show you hold it. The private key itself never leaves you: keep it next to the certificate you get back.';
    case 'crl':
      return 'A CRL is a CA’s signed list of certificates it has withdrawn before their expiry date, for example because a key was stolen. Clients that check revocation refuse any certificate whose serial number is on the list.';
    case 'public-key':
      return 'A public key is the half of a key pair you give away. Others use it to check your signatures or to encrypt something only you can read. A certificate is a public key with names and a CA’s signature around it.';
    case 'private-key':
      return 'Whoever holds a private key can impersonate its owner, sign in their name and, with RSA, read what was encrypted for them. Its public half goes into a certificate or CSR and may be shared freely. Keep private keys encrypted at rest and never send them to anyone, a CA included.';
    case 'secret-key':
      return 'A secret (symmetric) key is one key shared by everyone allowed to use it, for encryption (AES) or message authentication (HMAC). Unlike a key pair there is no public half: whoever holds a copy has all of it. Its bytes are never shown here.';
    case 'pkcs12':
      return 'A PKCS#12 file (.p12, .pfx) bundles a private key with its certificate and often the chain, protected by a password. It is the usual way to move an identity between systems, so it is as sensitive as the private key inside.';
    case 'parameters':
      return 'Parameters describe the mathematical setting of a key (for example the named elliptic curve). OpenSSL often writes them in front of an EC key; on their own they contain nothing secret.';
  }
}
