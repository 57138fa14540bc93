/**
 * SSH wire encodings of keys (RFC 4251 §5, RFC 4253 §6.6, RFC 5656, RFC 8709) from SPKI and
 * PKCS#8: the public blob of an `authorized_keys` line and the private fields of an OpenSSH
 * key (PROTOCOL.key in the OpenSSH sources).
 */
import { concatBytes, stripLeadingZeros, utf8Encode } from '../bytes.js';
import { children, readOid, readRoot, TAG, value } from '../der.js';
import { OID } from '../oids.js';
import { spkiKeyBytes } from './traditional.js';

export class SshWriter {
  private parts: Uint8Array[] = [];

  uint32(n: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n >>> 0);
    this.parts.push(b);
    return this;
  }

  bytes(b: Uint8Array): this {
    return this.uint32(b.length).raw(b);
  }

  string(s: string): this {
    return this.bytes(utf8Encode(s));
  }

  /** A non-negative mpint from unsigned big-endian bytes: minimal, with a zero byte when the top bit is set. */
  mpint(unsigned: Uint8Array): this {
    let v = stripLeadingZeros(unsigned);
    if (v.length === 1 && v[0] === 0) v = new Uint8Array(0);
    if (v.length && v[0]! & 0x80) v = concatBytes(Uint8Array.of(0), v);
    return this.bytes(v);
  }

  raw(b: Uint8Array): this {
    this.parts.push(b);
    return this;
  }

  get length(): number {
    return this.parts.reduce((n, p) => n + p.length, 0);
  }

  done(): Uint8Array {
    return concatBytes(...this.parts);
  }
}

const CURVES: Record<string, { name: string; size: number }> = {
  [OID.prime256v1]: { name: 'nistp256', size: 32 },
  [OID.secp384r1]: { name: 'nistp384', size: 48 },
  [OID.secp521r1]: { name: 'nistp521', size: 66 },
};

/** A key as SSH sees it: its type name, the public blob, and the private fields that follow the type in PROTOCOL.key. */
export interface SshKey {
  type: string;
  publicBlob: Uint8Array;
  /** Only for private keys. */
  privateFields?: (w: SshWriter) => void;
}

/** Why a key has no SSH form, in words; undefined when it has one. */
export function sshUnsupported(spki: Uint8Array): string | undefined {
  const [algId] = children(readRoot(spki));
  const [oidT, params] = children(algId!);
  const oid = readOid(oidT!);
  if (oid === OID.rsaEncryption || oid === OID.dsa || oid === OID.ed25519) return undefined;
  if (oid === OID.ecPublicKey) return params?.tag === TAG.OID && CURVES[readOid(params)] ? undefined : 'OpenSSH has ECDSA keys on P-256, P-384 and P-521 only';
  if (oid === OID.ed448) return 'OpenSSH has no Ed448 key type (PuTTY has one)';
  if (oid === OID.rsassaPss) return 'an RSA-PSS key would lose its PSS restriction as an ssh-rsa key';
  if (oid === OID.x25519 || oid === OID.x448) return 'X25519 and X448 keys only agree on secrets; SSH keys sign';
  return 'its algorithm has no SSH key type';
}

/** The SSH form of a public key (SPKI) and, given its PKCS#8, of the private key. Call sshUnsupported first. */
export function sshKey(spki: Uint8Array, pkcs8?: Uint8Array): SshKey {
  const [algId] = children(readRoot(spki));
  const [oidT, params] = children(algId!);
  const oid = readOid(oidT!);
  const pub = spkiKeyBytes(spki);
  const inner = pkcs8 ? value(children(readRoot(pkcs8))[2]!) : undefined;
  const w = new SshWriter();
  if (oid === OID.rsaEncryption) {
    const [n, e] = children(readRoot(pub)).map(value);
    w.string('ssh-rsa').mpint(e!).mpint(n!);
    const f = inner ? children(readRoot(inner)).map(value) : undefined;
    // RSAPrivateKey: version, n, e, d, p, q, dp, dq, qInv; OpenSSH: n, e, d, iqmp (= qInv), p, q.
    return { type: 'ssh-rsa', publicBlob: w.done(), ...(f ? { privateFields: (x: SshWriter) => void x.mpint(f[1]!).mpint(f[2]!).mpint(f[3]!).mpint(f[8]!).mpint(f[4]!).mpint(f[5]!) } : {}) };
  }
  if (oid === OID.ecPublicKey) {
    const curve = CURVES[readOid(params!)]!;
    const type = `ecdsa-sha2-${curve.name}`;
    w.string(type).string(curve.name).bytes(pub);
    const d = inner ? value(children(readRoot(inner))[1]!) : undefined;
    return { type, publicBlob: w.done(), ...(d ? { privateFields: (x: SshWriter) => void x.string(curve.name).bytes(pub).mpint(d) } : {}) };
  }
  if (oid === OID.ed25519) {
    w.string('ssh-ed25519').bytes(pub);
    const seed = inner ? value(readRoot(inner)) : undefined;
    // The private part is seed ‖ public key (64 bytes), as libsodium keeps it.
    return { type: 'ssh-ed25519', publicBlob: w.done(), ...(seed ? { privateFields: (x: SshWriter) => void x.bytes(pub).bytes(concatBytes(seed, pub)) } : {}) };
  }
  if (oid === OID.dsa) {
    const [p, q, g] = children(params!).map(value);
    const y = value(readRoot(pub));
    w.string('ssh-dss').mpint(p!).mpint(q!).mpint(g!).mpint(y);
    const x = inner ? value(readRoot(inner)) : undefined;
    return { type: 'ssh-dss', publicBlob: w.done(), ...(x ? { privateFields: (s: SshWriter) => void s.mpint(p!).mpint(q!).mpint(g!).mpint(y).mpint(x) } : {}) };
  }
  throw new Error(`sshKey: no SSH form for ${oid} (call sshUnsupported first)`);
}
