/**
 * The plain-data vocabulary of PEM Inspector. Everything here crosses Worker and IPC
 * boundaries and Svelte state, so it is plain objects, strings, numbers, booleans and
 * Uint8Arrays only: no class instances, no functions.
 *
 * The field names that also appear in `inspect --json` are a stable interface
 * (see DESIGN.md): extend, never rename.
 */

/** A closed set of reasons a file (or part of one) could not be read. */
export type ErrorCode =
  | 'empty'
  | 'pem_armor_mismatch'
  | 'base64_invalid'
  | 'der_invalid'
  | 'unknown_format'
  | 'password_required'
  | 'password_wrong'
  | 'unsupported_algorithm'
  | 'too_large'
  | 'limit_exceeded';

export interface Problem {
  code: ErrorCode;
  message: string;
  detail?: string;
}

export type Severity = 'error' | 'warning' | 'info';

/** A lint result about one item, or about a set of items (bundle health). */
export interface Finding {
  code: string;
  severity: Severity;
  message: string;
}

export type Kind =
  | 'certificate'
  | 'certificate-request'
  | 'crl'
  | 'public-key'
  | 'private-key'
  | 'secret-key'
  | 'pkcs12'
  | 'parameters';

export type Sensitivity = 'public' | 'private';

/**
 * How the item was encoded. For certificates, CSRs and CRLs: `pem` or `der` (or the
 * container they came out of). For keys: the key structure (`pkcs1`, `pkcs8`, `sec1`, `spki`,
 * `openssh`, `ssh2`, `dsa` for OpenSSL's traditional DSA key).
 */
export type Format =
  | 'pem'
  | 'der'
  | 'pkcs1'
  | 'pkcs8'
  | 'sec1'
  | 'spki'
  | 'dsa'
  | 'openssh'
  | 'ssh2'
  | 'pkcs7'
  | 'pkcs12'
  | 'jks'
  | 'jceks'
  | 'jwk'
  | 'ppk'
  | 'kubernetes'
  | 'kubeconfig'
  | 'raw';

/** The container an item came out of (`container` in the JSON contract). */
export type Container = 'pkcs7' | 'pkcs12' | 'jks' | 'jceks' | 'kubernetes' | 'kubeconfig' | 'jwk' | 'ppk';

/** The outer wrapping the bytes arrived in. */
export type Encoding = 'pem' | 'der' | 'openssh' | 'ssh2' | 'jwk' | 'ppk' | 'jks' | 'jceks';

export type KeyAlgorithm = 'RSA' | 'RSA-PSS' | 'EC' | 'Ed25519' | 'Ed448' | 'X25519' | 'X448' | 'DSA';

/** Where an item sits in its file: used for messages and for the UI's PEM/hex views. */
export interface Source {
  /** 0-based position of the item in the file's item list. */
  index: number;
  /** PEM label when the item came from a PEM block (`CERTIFICATE`, `PRIVATE KEY`, ...). */
  pemLabel?: string;
  /** 1-based line of the PEM BEGIN line, when known. */
  line?: number;
}

/** One attribute of a distinguished name, in order. */
export interface NameAttribute {
  /** Dotted OID. */
  oid: string;
  /** Short name (`CN`, `O`, `OU`, `C`, `emailAddress`, ...) or the OID when unknown. */
  name: string;
  value: string;
  /** ASN.1 string type as encoded: `UTF8String`, `PrintableString`, `IA5String`, `BMPString`, ... */
  type: string;
  /** Index of the RDN (SET) this attribute belongs to; multi-valued RDNs share an index. */
  rdn: number;
}

export interface DistinguishedName {
  /** RFC 4514-style string, most significant RDN first as OpenSSL prints with `-nameopt RFC2253` reversed: `CN=www.example.test, O=Example, C=US`. */
  text: string;
  attributes: NameAttribute[];
  /** The DER of the Name, hex, for exact comparison in chain building. */
  derHex: string;
}

export interface AlgorithmInfo {
  oid: string;
  /** Human name, e.g. `sha256WithRSAEncryption`, `ecdsa-with-SHA256`, `RSASSA-PSS (SHA-256, MGF1 SHA-256, salt 32)`. */
  name: string;
  /** Hash used by a signature algorithm, when it has one (`SHA-1`, `SHA-256`, `MD5`, ...). */
  hash?: string;
}

export interface PublicKeyInfo {
  algorithm: KeyAlgorithm | 'unknown';
  /** OID of the SPKI algorithm. */
  oid: string;
  bits?: number;
  curve?: string;
  /** RSA public exponent, decimal. */
  exponent?: string;
  /** RSA modulus or EC point or raw key, hex (for display and comparison). */
  publicHex?: string;
  /** DER of the SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** SHA-256 of `spki`, lowercase hex. */
  spkiSha256: string;
  /**
   * EC only: the key spells its curve out as explicit parameters (`openssl ecparam -param_enc
   * explicit`) instead of naming it. `curve` is still the named curve they equal, when one does.
   */
  explicitParameters?: boolean;
}

/** A decoded extension. `value` is display-ready; unknown or malformed ones keep raw hex. */
export interface ExtensionInfo {
  oid: string;
  /** `subjectAltName`, `keyUsage`, ... or the OID when unknown. */
  name: string;
  critical: boolean;
  /** Decoded, display-ready lines (one per value), e.g. `DNS:www.example.test`. */
  lines: string[];
  /** Raw extnValue, hex (its first 64 KiB when `rawOctets` is set). */
  rawHex: string;
  /** The extnValue's length, set only when it is longer than `rawHex` shows. */
  rawOctets?: number;
  /** `decoded`: we understood it; `unknown`: we do not decode this OID; `malformed`: we tried and it is broken. */
  status: 'decoded' | 'unknown' | 'malformed';
  /** Structured value for the extensions the chain engine and lints need. */
  data?: ExtensionData;
  /** DER-profile breaches read past while decoding (shown; the chain validator counts them as malformed). */
  notes?: string[];
}

export type GeneralName =
  | { type: 'dns'; value: string }
  | { type: 'ip'; value: string; /** for name constraints: address/mask as bytes hex */ bytesHex?: string }
  | { type: 'email'; value: string }
  | { type: 'uri'; value: string }
  | { type: 'dirName'; value: string; derHex: string }
  | { type: 'registeredID'; value: string }
  | { type: 'otherName'; value: string; oid: string }
  | { type: 'other'; value: string };

/** One DistributionPoint (RFC 5280 §4.2.1.13), as read: a full name or a name relative to the CRL issuer, reasons, CRL issuer. */
export interface DistributionPoint {
  fullName?: GeneralName[];
  /** nameRelativeToCRLIssuer as text, e.g. `CN=crl1`. */
  relativeName?: string;
  /** ReasonFlags set: `keyCompromise`, `cACompromise`, ... */
  reasons?: string[];
  crlIssuer?: GeneralName[];
}

export type ExtensionData =
  | { type: 'subjectAltName' | 'issuerAltName'; names: GeneralName[] }
  | { type: 'basicConstraints'; ca: boolean; pathLen?: number }
  | { type: 'keyUsage'; usages: string[] /* digitalSignature, nonRepudiation, keyEncipherment, dataEncipherment, keyAgreement, keyCertSign, cRLSign, encipherOnly, decipherOnly */ }
  | { type: 'extKeyUsage'; oids: string[] }
  | { type: 'subjectKeyIdentifier'; keyIdHex: string }
  | { type: 'authorityKeyIdentifier'; keyIdHex?: string; issuer?: GeneralName[]; serialHex?: string }
  | { type: 'authorityInfoAccess'; ocsp: string[]; caIssuers: string[] }
  | { type: 'crlDistributionPoints'; uris: string[]; points?: DistributionPoint[] }
  | { type: 'issuingDistributionPoint'; uris: string[]; point: DistributionPoint; onlyUserCerts: boolean; onlyCaCerts: boolean; onlyAttributeCerts: boolean; indirectCrl: boolean; onlySomeReasons?: string[] }
  | { type: 'nameConstraints'; permitted: GeneralName[]; excluded: GeneralName[] }
  | { type: 'certificatePolicies'; policies: string[] }
  | { type: 'policyConstraints'; requireExplicitPolicy?: number; inhibitPolicyMapping?: number }
  | { type: 'inhibitAnyPolicy'; skipCerts: number }
  | { type: 'policyMappings'; mappings: { issuer: string; subject: string }[] };

/** The JWK members that name and restrict a key (RFC 7517 §4), as the file gives them. */
export interface JwkInfo {
  kid?: string;
  /** `sig` or `enc` (or another registered value). */
  use?: string;
  /** The algorithm the key is meant for, e.g. `RS256`, `ES384`, `EdDSA`, `HS256`. */
  alg?: string;
  /** `key_ops`: `sign`, `verify`, `encrypt`, ... */
  keyOps?: string[];
  /**
   * RFC 7638 JWK thumbprint (SHA-256, base64url) of the public members. Absent for `oct`
   * keys: there it would be a hash of the secret itself.
   */
  thumbprint?: string;
}

interface ItemCommon {
  source: Source;
  sensitivity: Sensitivity;
  /** True while the item is still locked (encrypted private key or PKCS#12 without its password). */
  encrypted: boolean;
  format: Format;
  encoding: Encoding;
  /** Set for items that came out of a container (PKCS#7, PKCS#12, a Java keystore, a Kubernetes manifest, a JWK set...). */
  container?: Container;
  /**
   * Where in its container the item was, in words: `alias "server" (private key entry)`,
   * `Secret default/web-tls data["tls.key"]`, `kubeconfig users[admin].client-key-data`,
   * `keys[2] kid "hmac"`. Absent for items of plain PEM/DER files.
   */
  location?: string;
  /** For keys read from a JWK or JWK Set: its `kid`, `use`, `alg`, `key_ops` and RFC 7638 thumbprint. */
  jwk?: JwkInfo;
  /** PKCS#12 bag attribute friendlyName, when the bag had one. */
  friendlyName?: string;
  /** PKCS#12 bag attribute localKeyId (hex): ties a key bag to its certificate bag. */
  localKeyId?: string;
  /** One-line summary for lists: subject CN, or `RSA 2048`, `EC P-256`... */
  label: string;
  /** SHA-256 of `der`, lowercase hex. */
  sha256: string;
  /**
   * The item's DER as read (for a decrypted private key: its PKCS#8 DER). Private key bytes
   * live only in memory: never log or persist this field.
   */
  der: Uint8Array;
  findings: Finding[];
  /** Non-fatal problems met while reading this item (lenient parses). */
  warnings: Problem[];
  /**
   * Bytes that followed the end of the item's structure in its PEM block or DER file (read as
   * OpenSSL reads them: the structure, the rest ignored). Absent when there were none.
   */
  trailingBytes?: number;
}

export interface CertificateItem extends ItemCommon {
  kind: 'certificate';
  version: number;
  /**
   * The serial number as `openssl x509 -serial` prints it, lowercased: hex of its value, a sign
   * byte dropped (`d58093317b3c0f3f`); a negative serial is `-` and its magnitude (`-3039`).
   */
  serial: string;
  subject: DistinguishedName;
  issuer: DistinguishedName;
  notBefore: string;
  notAfter: string;
  signatureAlgorithm: AlgorithmInfo;
  signatureHex: string;
  /** DER of the tbsCertificate, for signature checks. */
  tbs: Uint8Array;
  publicKey: PublicKeyInfo;
  extensions: ExtensionInfo[];
  sha1: string;
  selfIssued: boolean;
}

export interface CsrItem extends ItemCommon {
  kind: 'certificate-request';
  version: number;
  subject: DistinguishedName;
  publicKey: PublicKeyInfo;
  signatureAlgorithm: AlgorithmInfo;
  signatureHex: string;
  tbs: Uint8Array;
  /** Extensions requested through the extensionRequest attribute. */
  extensions: ExtensionInfo[];
  challengePassword: boolean;
  /** Other attributes, by name or OID. */
  attributes: string[];
}

export interface RevokedEntry {
  serial: string;
  date: string;
  reason?: string;
}

export interface CrlItem extends ItemCommon {
  kind: 'crl';
  version: number;
  issuer: DistinguishedName;
  thisUpdate: string;
  nextUpdate?: string;
  crlNumber?: string;
  signatureAlgorithm: AlgorithmInfo;
  signatureHex: string;
  tbs: Uint8Array;
  revoked: RevokedEntry[];
  extensions: ExtensionInfo[];
}

export interface PublicKeyItem extends ItemCommon {
  kind: 'public-key';
  publicKey: PublicKeyInfo;
  /** OpenSSH comment, when the file had one. */
  comment?: string;
}

export interface PrivateKeyItem extends ItemCommon {
  kind: 'private-key';
  /** Absent while encrypted. */
  publicKey?: PublicKeyInfo;
  /** Key facts, known even while encrypted when the format reveals them (OpenSSH does). */
  algorithm?: KeyAlgorithm | 'unknown';
  bits?: number;
  curve?: string;
  /** How it is (or was) protected, e.g. `PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC)`. */
  encryption?: string;
  comment?: string;
}

/**
 * A symmetric key (a JCEKS secret-key entry, a JWK of `kty: "oct"`). Always private; its key
 * bytes are never shown, and `der` holds no key material (it is empty or, once unlocked, only
 * what the window needs to fingerprint it).
 */
export interface SecretKeyItem extends ItemCommon {
  kind: 'secret-key';
  /** `AES`, `HmacSHA256`, `DESede`, `oct`... as the container names it. */
  algorithm?: string;
  bits?: number;
  /** How it is protected in its container, when it is. */
  encryption?: string;
}

export interface Pkcs12Item extends ItemCommon {
  kind: 'pkcs12';
  /** What is known without the password (e.g. the MAC algorithm). */
  encryption?: string;
}

export interface ParametersItem extends ItemCommon {
  kind: 'parameters';
  curve?: string;
  algorithm?: string;
}

export type Item =
  | CertificateItem
  | CsrItem
  | CrlItem
  | PublicKeyItem
  | PrivateKeyItem
  | SecretKeyItem
  | Pkcs12Item
  | ParametersItem;

export interface ParseInput {
  name: string;
  bytes: Uint8Array;
  /** Passwords to try, in order, for encrypted keys and PKCS#12. The empty password is always tried for PKCS#12. */
  passwords?: string[];
}

export interface ParseOptions {
  /** Time used for time-dependent findings (expiry). Default: now. */
  now?: Date;
  /**
   * Called before each key derivation (one per password tried per encrypted part): what it is and
   * its estimated milliseconds, so a caller can say how long trying many passwords takes.
   */
  onKeyDerivation?: (e: { what: string; estimateMs: number }) => void;
}

export interface ParseResult {
  name: string;
  items: Item[];
  errors: Problem[];
}

/** A node of an item's ASN.1 tree, with offsets into the DER for the hex view. */
export interface Asn1Node {
  /** Offset of the tag byte. */
  offset: number;
  headerLength: number;
  length: number;
  /** `SEQUENCE`, `INTEGER`, `[0]`, `OBJECT IDENTIFIER`... */
  tag: string;
  tagClass: 'universal' | 'application' | 'context' | 'private';
  constructed: boolean;
  /** Short display value (OID with its name, string, integer, hex excerpt). */
  preview?: string;
  children?: Asn1Node[];
}
