/** Help texts: `--help` prints them on stdout; usage errors point at them. */

export const COMMANDS = ['inspect', 'match', 'verify', 'generate'] as const;
export type Command = (typeof COMMANDS)[number];

/** The password options every command that reads files takes (args.ts reads them). */
const PASSWORDS = `  --password PW   password for encrypted keys and PKCS#12 (repeat to try several)
  --password-file FILE
                  the same, read from FILE (one trailing line break dropped)
  --password-env VAR
                  the same, read from the environment variable VAR
                  (both keep the password out of the process list and shell history)
  When a file stays locked and stdin is a terminal, its password is asked for
  (not echoed); '< /dev/null' turns the question off.
`;

const INSPECT = `pem-inspector inspect [--json] [--password PW]... FILE|DIR...

  Show what each file holds: certificates, requests, CRLs, public and private keys,
  PKCS#7 bundles and PKCS#12 containers (PEM, DER or OpenSSH). FILE '-' reads stdin
  (up to 50 MiB). A folder is read recursively (links followed, each folder once,
  dot-entries skipped, 16 levels deep), in name order; what is skipped is said on stderr.
  Devices, FIFOs and sockets are not read (not_regular_file).

  --json          machine-readable output ({ "files": [ { path, items, errors } ] })
${PASSWORDS}
  Exit: 0 every file was read, 1 a file had errors, 2 usage error.
  Locked items without a password are listed as locked, not as errors.
`;

const MATCH = `pem-inspector match [--json] [--password PW]... PUBLIC_FILE PRIVATE_FILE

  Tell whether the private key in PRIVATE_FILE belongs to the certificate, request or
  public key in PUBLIC_FILE, proving it by signing and verifying a challenge.

  --json          machine-readable output
${PASSWORDS}
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
  --password PW     password, when LEAF is a PKCS#12 file (also --password-file FILE,
                    --password-env VAR; asked for when needed and stdin is a terminal)
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

export const HELP: Record<Command, string> = { inspect: INSPECT, match: MATCH, verify: VERIFY, generate: GENERATE };

export const MAIN_HELP = `pem-inspector: inspect certificate and key files, match key pairs, verify chains. Offline.

Usage:
  ${INSPECT.split('\n')[0]}
  ${MATCH.split('\n')[0]}
  ${VERIFY.split('\n').slice(0, 3).join('\n  ')}
  pem-inspector generate keypair|self-signed|test-pki|csr [options] --out DIR
  pem-inspector COMMAND --help
  pem-inspector --version

Exit status: 0 success, 1 a negative answer (a file had errors; not a pair; the chain is
invalid), 2 a usage error or (match/verify) a file that cannot be read.
`;
