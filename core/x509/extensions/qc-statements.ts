/**
 * qcStatements (1.3.6.1.5.5.7.1.3, RFC 3739 §3.2.6; ETSI EN 319 412-5 statements):
 *   QCStatements ::= SEQUENCE OF QCStatement
 *   QCStatement ::= SEQUENCE { statementId OBJECT IDENTIFIER, statementInfo ANY OPTIONAL }
 */
import { children, DerError, expectTag, readOid, TAG } from '../../der.js';
import { root, type Decoded } from './util.js';

const STATEMENTS: Record<string, string> = {
  '1.3.6.1.5.5.7.11.1': 'pkixQCSyntax-v1',
  '1.3.6.1.5.5.7.11.2': 'pkixQCSyntax-v2',
  '0.4.0.1862.1.1': 'QcCompliance (EU qualified certificate)',
  '0.4.0.1862.1.2': 'QcLimitValue',
  '0.4.0.1862.1.3': 'QcRetentionPeriod',
  '0.4.0.1862.1.4': 'QcSSCD (key in a qualified signature creation device)',
  '0.4.0.1862.1.5': 'QcPDS (PKI disclosure statements)',
  '0.4.0.1862.1.6': 'QcType',
  '0.4.0.1862.1.7': 'QcCClegislation',
  '0.4.0.19495.2': 'PSD2',
};
const QC_TYPES: Record<string, string> = { '0.4.0.1862.1.6.1': 'esign', '0.4.0.1862.1.6.2': 'eseal', '0.4.0.1862.1.6.3': 'web' };

export function qcStatements(v: Uint8Array): Decoded {
  const lines = children(expectTag(root(v), TAG.SEQUENCE, 'QCStatements')).map((st) => {
    const [id, info] = children(expectTag(st, TAG.SEQUENCE, 'a QCStatement'));
    if (!id) throw new DerError('a QCStatement without an id', st.start);
    const oid = readOid(id);
    const name = STATEMENTS[oid] ?? oid;
    if (oid === '0.4.0.1862.1.6' && info?.tag === TAG.SEQUENCE) {
      return `${name}: ${children(info).map((t) => { const o = readOid(t); return QC_TYPES[o] ?? o; }).join(', ')}`;
    }
    return name;
  });
  return { lines };
}
