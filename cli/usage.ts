/** Help texts: `--help` prints them on stdout; usage errors point at them. */

export const COMMANDS = ['inspect', 'match', 'verify', 'convert', 'handshake', 'generate'] as const;
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
                     [--purpose server|client|any] [--profile webpki|rfc5280] [--max-depth N] [--json]

  Build and check the chain from the first certificate in LEAF to a trusted root.
  Further certificates in LEAF (a fullchain.pem) are used as intermediates; when
  LEAF's first certificate is a CA that issued another one of the file, the file is
  out of order: verify says so, names the end-entity and checks the chain from it.

  --trusted FILE    trust anchors (default: the system roots Node ships)
  --untrusted FILE  extra intermediates
  --crl FILE        CRLs; when given, every certificate must be covered by its issuer's CRL
  --at TIME         check validity at this time (e.g. 2030-01-01 or 2030-01-01T12:00:00Z)
  --host NAME       the name the certificate must be valid for (an IP literal means --ip)
  --ip ADDR         the IP address the certificate must be valid for
  --email ADDR      the email address the certificate must be valid for
  --purpose P       server (default), client or any
  --profile P       webpki (default: what TLS clients enforce) or rfc5280 (RFC 5280 path
                    validation alone); rules of the other profile are shown as findings
  --max-depth N     maximum number of intermediates
  --password PW     password, when LEAF is a PKCS#12 file (also --password-file FILE,
                    --password-env VAR; asked for when needed and stdin is a terminal)
  --json            machine-readable output ({ valid, chain, issues, hint? })

  Exit: 0 the chain is valid, 1 it is not, 2 usage error or a file cannot be read.
`;

const CONVERT = `pem-inspector convert --to FORMAT --out FILE [--force] [--password PW]...
                      [--new-password PW | --no-password] [--legacy] [--name NAME] [--item N] INPUT...

  Make the file a server or tool needs out of anything 'inspect' reads; the items of all
  INPUTs are pooled. FORMAT:
    pkcs12       one private key, its certificate (found by key) and the chain, leaf → root
                 (.pfx/.p12 for Windows, IIS, Azure, Java): AES-256-CBC, PBKDF2-HMAC-SHA-256,
                 HMAC-SHA-256 MAC; --legacy: 3DES and a SHA-1 MAC for Windows Server 2016,
                 Java 8, older macOS
    pem          every item as PEM, certificates leaf → root (unpacks a .p12)
    der          one item as DER (choose it with --item N when there are several)
    pkcs8        one private key as PKCS#8 (add, change or remove its passphrase)
    traditional  one private key as PKCS#1 / SEC1 / DSA (unencrypted only)
    openssh      a private key as OPENSSH PRIVATE KEY, or a public key or certificate's
                 key as an authorized_keys line
    ppk          a private key as PuTTY .ppk version 3
    jwk          a key as a JWK (a private one only with --no-password)

  --out FILE         where to write ('-': standard output, public material only)
  --force            replace an existing FILE (never a symbolic link)
  --password PW      password of encrypted inputs (repeat to try several)
  --new-password PW  protect the output's private key with this password
  --no-password      write the output's private key without a password
  --legacy           (pkcs12) the old protection (3DES, SHA-1 MAC)
  --name NAME        (pkcs12) friendly name, default the leaf's CN; (openssh, ppk) comment
  --item N           the item to write or start from, numbered across all inputs

  A private key is written only with --new-password or --no-password, with mode 0600.
  Every output is read back before it is put in place; unrelated items are left out
  with a note. Exit: 0 written, 1 failed, 2 usage error, unreadable input, or a refusal
  (what is missing or ambiguous is said); nothing is written unless the exit is 0.
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

export const HELP: Record<Command, string> = { inspect: INSPECT, match: MATCH, verify: VERIFY, convert: CONVERT, handshake: HANDSHAKE, generate: GENERATE };

export const MAIN_HELP = `pem-inspector: inspect certificate and key files, match key pairs, verify chains. Offline.

Usage:
  ${INSPECT.split('\n')[0]}
  ${MATCH.split('\n')[0]}
  ${VERIFY.split('\n').slice(0, 3).join('\n  ')}
  pem-inspector convert --to FORMAT --out FILE [options] INPUT...
  pem-inspector generate keypair|self-signed|test-pki|csr [options] --out DIR
  pem-inspector handshake --cert FILE --key FILE [--trusted FILE]... [--host NAME | --ip ADDR] [--json]
  pem-inspector COMMAND --help
  pem-inspector --version

Exit status: 0 success, 1 a negative answer (a file had errors; not a pair; the chain is
invalid), 2 a usage error or (match/verify) a file that cannot be read.
`;
