/**
 * Just enough of the Java Object Serialization Stream Protocol (Java SE "Object Serialization
 * Specification", chapter 6) to walk the two objects a JCEKS keystore stores: the
 * SealedObjectForKeyProtector of a secret-key entry (to find where it ends and its encrypted
 * content), and the SecretKeySpec or KeyRep sealed inside it (its algorithm and key length).
 *
 * Not a deserializer: no class is ever loaded or instantiated, no method runs. It reads one
 * top-level object and returns plain values: strings, byte arrays, numbers, and for objects the
 * class name with the fields of every class in its hierarchy. Bounded: nesting depth, handles
 * and every length are checked against the bytes that are actually there.
 */
import { fail } from '../crypto/errors.js';

export type JavaValue = string | number | bigint | boolean | null | Uint8Array | JavaObject | JavaValue[];
export interface JavaObject {
  className: string;
  fields: Map<string, JavaValue>;
}

interface FieldDesc {
  type: string;
  name: string;
}
interface ClassDesc {
  name: string;
  flags: number;
  fields: FieldDesc[];
  superDesc: ClassDesc | null;
}

const TC = {
  NULL: 0x70, REFERENCE: 0x71, CLASSDESC: 0x72, OBJECT: 0x73, STRING: 0x74, ARRAY: 0x75, CLASS: 0x76,
  BLOCKDATA: 0x77, ENDBLOCKDATA: 0x78, RESET: 0x79, BLOCKDATALONG: 0x7a, LONGSTRING: 0x7c, PROXYCLASSDESC: 0x7d, ENUM: 0x7e,
} as const;
const SC_WRITE_METHOD = 0x01;
const SC_SERIALIZABLE = 0x02;
const SC_EXTERNALIZABLE = 0x04;
const BASE_HANDLE = 0x7e0000;
const MAX_DEPTH = 16;
const MAX_HANDLES = 4096;

/** Reads one serialized object starting at `offset`; returns it and where the stream ends. */
export function readJavaObject(bytes: Uint8Array, offset: number): { value: JavaValue; end: number } {
  const r = new SerialReader(bytes, offset);
  if (r.u16() !== 0xaced || r.u16() !== 5) fail('der_invalid', 'a Java serialized object does not start with the stream magic 0xACED 0005');
  const value = r.content(0);
  return { value, end: r.pos };
}

class SerialReader {
  private handles: unknown[] = [];
  constructor(
    private readonly b: Uint8Array,
    public pos: number,
  ) {}

  private need(n: number): void {
    if (n < 0 || this.pos + n > this.b.length) fail('der_invalid', 'a Java serialized object is cut short');
  }
  u8(): number {
    this.need(1);
    return this.b[this.pos++]!;
  }
  u16(): number {
    this.need(2);
    const v = (this.b[this.pos]! << 8) | this.b[this.pos + 1]!;
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = ((this.b[this.pos]! << 24) | (this.b[this.pos + 1]! << 16) | (this.b[this.pos + 2]! << 8) | this.b[this.pos + 3]!) >>> 0;
    this.pos += 4;
    return v;
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  /** Modified UTF-8 (as DataInput.readUTF): good enough to read class, field and algorithm names. */
  utf(long = false): string {
    const n = long ? Number((BigInt(this.u32()) << 32n) | BigInt(this.u32())) : this.u16();
    const raw = this.bytes(n);
    let s = '';
    for (let i = 0; i < raw.length; i++) {
      const c = raw[i]!;
      if (c < 0x80) s += String.fromCharCode(c);
      else if ((c & 0xe0) === 0xc0 && i + 1 < raw.length) s += String.fromCharCode(((c & 0x1f) << 6) | (raw[++i]! & 0x3f));
      else if ((c & 0xf0) === 0xe0 && i + 2 < raw.length) s += String.fromCharCode(((c & 0x0f) << 12) | ((raw[++i]! & 0x3f) << 6) | (raw[++i]! & 0x3f));
      else fail('der_invalid', 'a Java serialized string is not modified UTF-8');
    }
    return s;
  }

  private newHandle(v: unknown): number {
    if (this.handles.length >= MAX_HANDLES) fail('limit_exceeded', `a Java serialized object has more than ${MAX_HANDLES} parts`);
    this.handles.push(v);
    return this.handles.length - 1;
  }
  private handle(): unknown {
    const h = this.u32() - BASE_HANDLE;
    if (h < 0 || h >= this.handles.length) fail('der_invalid', 'a Java serialized object refers to a part it does not have');
    return this.handles[h];
  }

  content(depth: number): JavaValue {
    if (depth > MAX_DEPTH) fail('limit_exceeded', `a Java serialized object is nested more than ${MAX_DEPTH} deep`);
    const tc = this.u8();
    switch (tc) {
      case TC.NULL:
        return null;
      case TC.REFERENCE: {
        const v = this.handle();
        return isClassDesc(v) ? null : (v as JavaValue);
      }
      case TC.STRING:
      case TC.LONGSTRING: {
        const s = this.utf(tc === TC.LONGSTRING);
        this.newHandle(s);
        return s;
      }
      case TC.OBJECT:
        return this.object(depth);
      case TC.ARRAY:
        return this.array(depth);
      case TC.ENUM: {
        this.classDesc(depth);
        const slot = this.newHandle(null);
        const name = this.content(depth + 1);
        this.handles[slot] = name;
        return name;
      }
      case TC.CLASS:
        this.classDesc(depth);
        this.newHandle(null);
        return null;
      case TC.CLASSDESC:
      case TC.PROXYCLASSDESC:
        this.pos--;
        this.classDesc(depth);
        return null;
      default:
        return fail('der_invalid', `a Java serialized object has an unknown type code 0x${tc.toString(16)}`);
    }
  }

  private classDesc(depth: number): ClassDesc | null {
    if (depth > MAX_DEPTH) fail('limit_exceeded', `a Java class description is nested more than ${MAX_DEPTH} deep`);
    const tc = this.u8();
    if (tc === TC.NULL) return null;
    if (tc === TC.REFERENCE) {
      const v = this.handle();
      if (!isClassDesc(v)) fail('der_invalid', 'a Java serialized object refers to a class description that is not one');
      return v;
    }
    if (tc === TC.PROXYCLASSDESC) fail('unsupported_algorithm', 'a Java serialized object uses a proxy class, which keystores never store');
    if (tc !== TC.CLASSDESC) fail('der_invalid', `a Java class description has type code 0x${tc.toString(16)}`);
    const name = this.utf();
    this.bytes(8); // serialVersionUID
    const desc: ClassDesc = { name, flags: 0, fields: [], superDesc: null };
    this.newHandle(desc);
    desc.flags = this.u8();
    const count = this.u16();
    for (let i = 0; i < count; i++) {
      const type = String.fromCharCode(this.u8());
      const fieldName = this.utf();
      if (type === '[' || type === 'L') this.content(depth + 1); // the field's class name, a string
      else if (!'BCDFIJSZ'.includes(type)) fail('der_invalid', `a Java field has the unknown type "${type}"`);
      desc.fields.push({ type, name: fieldName });
    }
    this.annotation(depth);
    desc.superDesc = this.classDesc(depth + 1);
    return desc;
  }

  /** Block data and objects up to TC_ENDBLOCKDATA (what a class's writeObject added): skipped. */
  private annotation(depth: number): void {
    for (;;) {
      const tc = this.u8();
      if (tc === TC.ENDBLOCKDATA) return;
      if (tc === TC.BLOCKDATA) this.bytes(this.u8());
      else if (tc === TC.BLOCKDATALONG) this.bytes(this.u32());
      else {
        this.pos--;
        this.content(depth + 1);
      }
    }
  }

  private object(depth: number): JavaObject {
    const desc = this.classDesc(depth);
    if (!desc) fail('der_invalid', 'a Java serialized object has no class');
    const obj: JavaObject = { className: desc.name, fields: new Map() };
    this.newHandle(obj);
    const chain: ClassDesc[] = [];
    for (let d: ClassDesc | null = desc; d; d = d.superDesc) {
      if (chain.length > MAX_DEPTH) fail('limit_exceeded', 'a Java class hierarchy is too deep');
      chain.unshift(d);
    }
    for (const d of chain) {
      if (d.flags & SC_EXTERNALIZABLE) fail('unsupported_algorithm', `the Java class ${d.name} writes itself in its own format`);
      if (!(d.flags & SC_SERIALIZABLE)) continue;
      for (const f of d.fields) obj.fields.set(f.name, this.field(f.type, depth));
      if (d.flags & SC_WRITE_METHOD) this.annotation(depth);
    }
    return obj;
  }

  private field(type: string, depth: number): JavaValue {
    switch (type) {
      case 'B': return (this.u8() << 24) >> 24;
      case 'C': case 'S': return this.u16();
      case 'I': case 'F': return this.u32();
      case 'J': case 'D': this.bytes(8); return 0;
      case 'Z': return this.u8() !== 0;
      default: return this.content(depth + 1);
    }
  }

  private array(depth: number): JavaValue {
    const desc = this.classDesc(depth);
    if (!desc) fail('der_invalid', 'a Java serialized array has no class');
    const slot = this.newHandle(null);
    const n = this.u32();
    if (n > this.b.length - this.pos) fail('der_invalid', 'a Java serialized array is longer than the bytes left');
    let v: JavaValue;
    if (desc.name === '[B') v = this.bytes(n);
    else {
      const t = desc.name.charAt(1);
      const items: JavaValue[] = [];
      for (let i = 0; i < n; i++) items.push(this.field(t === 'L' || t === '[' ? 'L' : t, depth));
      v = items;
    }
    this.handles[slot] = v;
    return v;
  }
}

function isClassDesc(v: unknown): v is ClassDesc {
  return typeof v === 'object' && v !== null && 'superDesc' in v && 'flags' in v;
}
