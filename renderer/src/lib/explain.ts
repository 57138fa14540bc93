/** Plain-language explanations: what an item is and how TLS uses it. */
import type { Item } from '../../../core/types.js';
import { commonName, keySummary } from './format.js';

/** “a” or “an” before a key summary (`an EC P-256`, `an RSA 2048-bit`, `an Ed25519`). */
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const an = (word: string) => (/^(?:[aeiou]|RSA|EC|Ed|X|unknown)/i.test(word) ? `an ${word}` : `a ${word}`);

function isCa(item: Item): boolean {
  return item.kind === 'certificate' && item.extensions.some((e) => e.data?.type === 'basicConstraints' && e.data.ca);
}

/** One sentence: what this item is. */
export function whatItIs(item: Item): string {
  switch (item.kind) {
    case 'certificate': {
      const cn = commonName(item.subject.text) ?? item.subject.text;
      if (item.selfIssued && isCa(item)) return `A root CA certificate for “${cn}”: it signed itself, so it is trusted only if you choose to trust it.`;
      if (isCa(item)) return `An intermediate CA certificate for “${cn}”, issued by “${commonName(item.issuer.text) ?? item.issuer.text}”.`;
      if (item.selfIssued) return `A self-signed certificate for “${cn}”: nobody else vouches for it.`;
      return `A certificate for “${cn}”, issued by “${commonName(item.issuer.text) ?? item.issuer.text}”.`;
    }
    case 'certificate-request':
      return `A certificate signing request (CSR) for “${commonName(item.subject.text) ?? item.subject.text}”, with ${an(keySummary(item.publicKey))} public key.`;
    case 'crl':
      return `A certificate revocation list from “${commonName(item.issuer.text) ?? item.issuer.text}” naming ${item.revoked.length} revoked certificate${item.revoked.length === 1 ? '' : 's'}.`;
    case 'public-key':
      return `${cap(an(keySummary(item.publicKey)))} public key. It is safe to share.`;
    case 'private-key':
      return item.encrypted
        ? `A password-protected private key${item.algorithm ? ` (${keySummary(item)})` : ''}. It is SECRET, even while locked.`
        : `${cap(an(keySummary(item.publicKey ?? item)))} private key. It is SECRET: anyone holding it can act as its owner.`;
    case 'secret-key':
      return `A symmetric secret key${item.algorithm ? ` (${item.algorithm}${item.bits ? `, ${item.bits} bits` : ''})` : ''}. It is SECRET: anyone holding it can read or forge what it protects.`;
    case 'pkcs12':
      return item.encrypted
        ? 'A PKCS#12 container, locked with a password. It usually holds a private key: treat it as SECRET.'
        : 'A PKCS#12 container. It holds private material: treat it as SECRET.';
    case 'parameters':
      return `Key parameters${item.curve ? ` for the curve ${item.curve}` : ''}: not a key, only the settings keys are made with.`;
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
      return 'A private key must stay secret: whoever holds it can impersonate its owner, sign in their name and, with RSA, read what was encrypted for them. Its public half goes into a certificate or CSR and may be shared freely. Keep private keys encrypted at rest and never send them to anyone, a CA included.';
    case 'secret-key':
      return 'A secret (symmetric) key is one key shared by everyone allowed to use it, for encryption (AES) or message authentication (HMAC). Unlike a key pair there is no public half: whoever holds a copy has all of it. Its bytes are never shown here.';
    case 'pkcs12':
      return 'A PKCS#12 file (.p12, .pfx) bundles a private key with its certificate and often the chain, protected by a password. It is the usual way to move an identity between systems, so it is as sensitive as the private key inside.';
    case 'parameters':
      return 'Parameters describe the mathematical setting of a key (for example the named elliptic curve). OpenSSL often writes them in front of an EC key; on their own they contain nothing secret.';
  }
}
