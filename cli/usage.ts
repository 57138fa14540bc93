/** Help texts: `--help` prints them on stdout; usage errors point at them. */

export const COMMANDS = ['inspect', 'match', 'verify', 'generate', 'handshake'] as const;
export type Command = (typeof COMMANDS)[number];

const INSPECT = `pem-inspector inspect [--json] [--password PW]... FILE...

  Show what each file holds: certificates, requests, CRLs, public and private keys,
  PKCS#7 bundles and PKCS#12 containers (PEM, DER or OpenSSH). FILE '-' reads stdin.

  --json          machine-readable output ({ "files": [ { path, items, errors } ] })
  --password PW   password for encrypted keys and PKCS#12 (repeat to try several)

  Exit: 0 every file was read, 1 a file had errors, 2 usage error.
  Locked items without a password are listed as locked, not as errors.
`;

const MATCH = `pem-inspector match [--json] [--password PW]... PUBLIC_FILE PRIVATE_FILE

  Tell whether the private key in PRIVATE_FILE belongs to the certificate, request or
  public key in PUBLIC_FILE, proving it by signing and verifying a challenge.

  --json          machine-readable output
  --password PW   password for encrypted keys and PKCS#12 (repeat to try several)

  Exit: 0 they are a pair, 1 they are not, 2 usage error or a file cannot be read.
`;

const VERIFY = `pem-inspector verify LEAF [--trusted FILE]... [--untrusted FILE]... [--crl FILE]...
                     [--at ISO-8601-TIME] [--host NAME | --ip ADDR | --email ADDR]
                     [--purpose server|client|any] [--max-depth N] [--json]

  Build and check the chain from the first certificate in LEAF to a trusted root.
  Further certificates in LEAF (a fullchain.pem) are used as intermediates.

  --trusted FILE    trust anchors (default: the system roots Node ships)
  --untrusted FILE  extra intermediates
  --crl FILE        CRLs; when given, every certificate must be covered by its issuer's CRL
  --at TIME         check validity at this time (e.g. 2030-01-01 or 2030-01-01T12:00:00Z)
  --host NAME       the name the certificate must be valid for (an IP literal means --ip)
  --ip ADDR         the IP address the certificate must be valid for
  --email ADDR      the email address the certificate must be valid for
  --purpose P       server (default), client or any
  --max-depth N     maximum number of intermediates
  --password PW     password, when LEAF is a PKCS#12 file
  --json            machine-readable output ({ valid, chain, issues, hint? })

  Exit: 0 the chain is valid, 1 it is not, 2 usage error or a file cannot be read.
`;

const GENERATE = `pem-inspector generate keypair     [--algorithm rsa|ec|ed25519] [--bits N] [--curve P-256|P-384|P-521]
                                   [--password PW] [--name NAME] --out DIR
pem-inspector generate self-signed [key options] [--host NAME_OR_IP]... --out DIR
pem-inspector generate test-pki    [key options] [--host NAME_OR_IP]... --out DIR
pem-inspector generate csr         [--key FILE [--password PW] | key options] [--host NAME_OR_IP]... --out DIR

  Make sample keys, certificates, requests and whole test CAs under their conventional
  names. Existing files are never overwritten without --force.
`;

const HANDSHAKE = `pem-inspector handshake --cert FILE --key FILE [--password PW]... [--trusted FILE]...
                        [--host NAME | --ip ADDR] [--client-cert FILE --client-key FILE]
                        [--require-client-cert] [--client-ca FILE]... [--at TIME] [--verbose] [--json]

  Walk through a TLS 1.3 handshake with a server's own files, running its cryptography
  locally (key exchange, signatures, key schedule, AES-GCM): would a client that trusts the
  given roots connect to this server under this name? A simulation, not a TLS connection.

  --cert FILE          the server's certificate, or its chain leaf first (a fullchain.pem)
  --key FILE           the server's private key
  --trusted FILE       the roots the client trusts (default: the system roots Node ships)
  --host NAME          the name the client connects to (default: the certificate's first DNS name)
  --ip ADDR            the IP address the client connects to
  --client-cert FILE   mutual TLS: the client's certificate (and chain) ...
  --client-key FILE    ... and its private key; the server then requires a client certificate
  --require-client-cert  the server requires a client certificate (even when none is given)
  --client-ca FILE     the CAs the server accepts client certificates from (default: --trusted)
  --at TIME            the time of the connection (default: now)
  --password PW        password for encrypted keys and PKCS#12 (repeat to try several)
  --verbose            add what each step proves and its bytes in hex
  --json               the steps and verdict as JSON (docs/handshake.schema.json)

  Exit: 0 a client would connect, 1 it would not, 2 usage error or a file cannot be read.
`;

export const HELP: Record<Command, string> = { inspect: INSPECT, match: MATCH, verify: VERIFY, generate: GENERATE, handshake: HANDSHAKE };

export const MAIN_HELP = `pem-inspector: inspect certificate and key files, match key pairs, verify chains. Offline.

Usage:
  ${INSPECT.split('\n')[0]}
  ${MATCH.split('\n')[0]}
  ${VERIFY.split('\n').slice(0, 3).join('\n  ')}
  pem-inspector generate keypair|self-signed|test-pki|csr [options] --out DIR
  pem-inspector handshake --cert FILE --key FILE [--trusted FILE]... [--host NAME | --ip ADDR] [--json]
  pem-inspector COMMAND --help
  pem-inspector --version

Exit status: 0 success, 1 a negative answer (a file had errors; not a pair; the chain is
invalid), 2 a usage error or (match/verify) a file that cannot be read.
`;
