/**
 * The SSH wire encoding (RFC 4251 §5) and public key blobs (RFC 4253 §6.6, RFC 5656, RFC 8709)
 * → SubjectPublicKeyInfo DER.
 */
import { latin1Decode } from '../bytes.js';
import { fail } from '../crypto/errors.js';
import { OID } from '../oids.js';
import { dsaParams, dsaSpki, ecSpki, rawSpki, rsaSpki } from './spki-build.js';

export class SshReader {
  private p = 0;
  constructor(private readonly b: Uint8Array) {}

  get remaining(): number {
    return this.b.length - this.p;
  }

  uint32(): number {
    if (this.p + 4 > this.b.length) fail('der_invalid', 'SSH data is truncated (expected a uint32)');
    const v = ((this.b[this.p]! << 24) | (this.b[this.p + 1]! << 16) | (this.b[this.p + 2]! << 8) | this.b[this.p + 3]!) >>> 0;
    this.p += 4;
    return v;
  }

  bytes(): Uint8Array {
    const n = this.uint32();
    if (n > this.b.length - this.p) fail('der_invalid', `SSH string of ${n} bytes runs past the end of the data`);
    const out = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return out;
  }

  string(): string {
    return latin1Decode(this.bytes());
  }

  /** mpint as unsigned magnitude (negative values are never valid in keys). */
  mpint(): Uint8Array {
    const v = this.bytes();
    if (v.length > 0 && v[0]! & 0x80) fail('der_invalid', 'negative mpint in an SSH key');
    return v;
  }

  rest(): Uint8Array {
    const out = this.b.subarray(this.p);
    this.p = this.b.length;
    return out;
  }
}

export const SSH_CURVES: Record<string, { oid: string; curve: string }> = {
  nistp256: { oid: OID.prime256v1, curve: 'P-256' },
  nistp384: { oid: OID.secp384r1, curve: 'P-384' },
  nistp521: { oid: OID.secp521r1, curve: 'P-521' },
};

export const SSH_KEY_TYPES = ['ssh-rsa', 'ssh-dss', 'ssh-ed25519', 'ssh-ed448', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521'];

export function isSecurityKeyType(type: string): boolean {
  return type.startsWith('sk-');
}

/** Reads the key fields after the type string of a public blob; returns SPKI DER. */
export function readSshPublicFields(type: string, r: SshReader): Uint8Array {
  switch (type) {
    case 'ssh-rsa': {
      const e = r.mpint();
      const n = r.mpint();
      return rsaSpki(n, e);
    }
    case 'ssh-dss': {
      const p = r.mpint();
      const q = r.mpint();
      const g = r.mpint();
      const y = r.mpint();
      return dsaSpki(dsaParams(p, q, g), y);
    }
    case 'ssh-ed25519': {
      const k = r.bytes();
      if (k.length !== 32) fail('der_invalid', `ssh-ed25519 key has ${k.length} bytes, expected 32`);
      return rawSpki(OID.ed25519, k);
    }
    case 'ssh-ed448': {
      const k = r.bytes();
      if (k.length !== 57) fail('der_invalid', `ssh-ed448 key has ${k.length} bytes, expected 57`);
      return rawSpki(OID.ed448, k);
    }
    default: {
      const m = /^ecdsa-sha2-(nistp\d+)$/.exec(type);
      const c = m ? SSH_CURVES[m[1]!] : undefined;
      if (!c) {
        if (isSecurityKeyType(type)) fail('unsupported_algorithm', `security-key (FIDO) SSH keys (${type}) are not supported`);
        fail('unsupported_algorithm', `SSH key type ${type} is not supported`);
      }
      const id = r.string();
      if (id !== m![1]) fail('der_invalid', `ECDSA key names curve ${id} but its type says ${m![1]}`);
      return ecSpki(c.oid, r.bytes());
    }
  }
}

/** A whole public key blob → { type, spki }. */
export function sshBlobToSpki(blob: Uint8Array): { type: string; spki: Uint8Array } {
  const r = new SshReader(blob);
  const type = r.string();
  const spki = readSshPublicFields(type, r);
  return { type, spki };
}
