/** normalizeBer (issue 11, unbounded inputs): the same DER as before, linear, with a node cap. */
import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../core/bytes.js';
import { DerError, readRoot } from '../../../core/der.js';
import { normalizeBer } from '../../../core/x509/common.js';
import { bytesOf } from './helpers.js';
import { indefiniteBer, nonMinimalBer } from '../../fuzz/hostile-shapes.js';

const norm = (hex: string, max?: number) => {
  const lenient = { notes: [] as string[] };
  const r = normalizeBer(fromHex(hex), lenient, max);
  return { hex: toHex(r.der), end: r.end, notes: lenient.notes };
};

describe('normalizeBer', () => {
  it('makes indefinite and non-minimal lengths DER, keeping tags and contents', () => {
    // SEQUENCE(indefinite) { OCTET STRING (81 03) 'abc', [0] (indefinite) { NULL }, [1] high-tag 9f 20 (82 00 01) 'x' }
    const r = norm('3080' + '048103616263' + 'a080' + '0500' + '0000' + '9f2082000178' + '0000');
    expect(r.hex).toBe('300d' + '0403616263' + 'a0020500' + '9f200178');
    expect(r.end).toBe(22);
    expect(r.notes.sort()).toEqual(['indefinite-length (BER) encoding', 'non-minimal length encoding']);
  });

  it('stops at the end of the first value and says where', () => {
    const r = norm('3080050000000102');
    expect(r.hex).toBe('30020500');
    expect(r.end).toBe(6);
  });

  it('gives what a strict read of a DER certificate gives (a fixed point)', () => {
    const der = bytesOf('serial/negative.der');
    const r = normalizeBer(der, { notes: [] });
    expect(toHex(r.der)).toBe(toHex(der));
    expect(readRoot(r.der).end).toBe(der.length);
  });

  it('refuses more values than its cap, with a DerError', () => {
    expect(() => norm('30' + '81' + '40' + '0500'.repeat(32), 10)).toThrow(DerError);
    expect(() => norm('30' + '81' + '40' + '0500'.repeat(32), 40)).not.toThrow();
  });

  it('refuses unterminated and overlong values', () => {
    expect(() => norm('30800500')).toThrow(DerError);
    expect(() => norm('3003050000')).toThrow(DerError);
    expect(() => norm('3080' + '3080'.repeat(70) + '0000'.repeat(71))).toThrow(/too deep/);
  });

  it('re-encodes 300,000 non-minimal nodes in one output buffer (recursion and copies overflowed)', () => {
    const ber = nonMinimalBer(4 * 300_000 + 6);
    const r = normalizeBer(ber, { notes: [] });
    expect(r.der.length).toBe(3 * 300_000 + 5);
    const ind = indefiniteBer(300_000);
    expect(normalizeBer(ind, { notes: [] }).end).toBe(ind.length);
  });
});
