/**
 * Kubernetes Secrets and ConfigMaps (YAML or JSON, one document or many, or a `kind: List`) and
 * kubeconfigs (kubectl's and kubeadm's admin.conf, kubelet.conf, …). Each embedded value is read
 * through the same reader list as a file, with its place as the items' `location`:
 *
 *   Secret     data (base64) · stringData (text)     → `Secret default/web-tls data["tls.key"]`
 *   ConfigMap  data (text) · binaryData (base64)      → `ConfigMap kube-system/kube-root-ca.crt data["ca.crt"]`
 *   kubeconfig clusters[].cluster.certificate-authority-data, users[].user.client-certificate-data,
 *              client-key-data (base64)              → `kubeconfig users[admin].client-key-data`
 *
 * Values that are not certificates or keys (passwords, tokens, config) are passed over quietly;
 * damaged ones are errors naming their place. A kubeconfig's file paths (`certificate-authority`,
 * `client-certificate`, `client-key`) are not read: a finding names each file.
 */
import { fromBase64, utf8Encode } from '../bytes.js';
import type { ReadContext, ReadOutcome } from '../context.js';
import { toProblem } from '../crypto/errors.js';
import { atCap, capStopped } from '../budget.js';
import { hasPemArmour, hasPemArmourBytes } from '../pem.js';
import { readNested } from '../readers.js';
import type { Container, Finding, Problem } from '../types.js';
import { KUBE_LIMITS, parseDocuments } from './documents.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Names from the file go into locations; a hostile one must not make them huge. */
function shortName(s: string): string {
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

const NO_KIND = '';

interface Walk {
  ctx: ReadContext;
  out: ReadOutcome;
  /** Kinds of documents passed over (for the message when nothing was read). */
  skipped: string[];
  /** Values that held no certificate or key. */
  quiet: string[];
  references: string[];
  values: number;
}

/** Reads one embedded value; values that are simply not certificates or keys are noted, not errors. */
async function readValue(w: Walk, bytes: Uint8Array, location: string, container: Container): Promise<void> {
  if (w.values === KUBE_LIMITS.values) {
    w.values++;
    w.out.errors.push({ code: 'limit_exceeded', message: `More than ${KUBE_LIMITS.values.toLocaleString('en-US')} values in one file; the rest were not read.` });
  }
  if (w.values > KUBE_LIMITS.values) return;
  w.values++;
  // Nothing we read is this small (an Ed25519 PKCS#8 key is 48 bytes): names, flags, ports.
  if (bytes.length < 40) {
    w.quiet.push(location);
    return;
  }
  const r = await readNested(bytes, w.ctx, { location, container });
  // A value with a BEGIN line that did not read is damaged PEM: that is worth an error.
  const quiet = r.items.length === 0 && r.errors.every((e) => e.code === 'unknown_format' || e.code === 'empty') && !hasPemArmourBytes(bytes, 0);
  if (quiet) {
    w.quiet.push(location);
    return;
  }
  for (const item of r.items) w.out.items.push(item);
  for (const e of r.errors) w.out.errors.push({ ...e, message: `${location}: ${e.message}` });
}

async function readBase64Value(w: Walk, v: unknown, location: string, container: Container): Promise<void> {
  const s = str(v);
  if (s === undefined) return;
  const bytes = fromBase64(s);
  if (!bytes) {
    w.out.errors.push({ code: 'base64_invalid', message: `${location}: the value is not valid base64.` });
    return;
  }
  await readValue(w, bytes, location, container);
}

async function readMap(w: Walk, map: unknown, prefix: string, base64: boolean): Promise<void> {
  if (!isObj(map)) return;
  for (const [k, v] of Object.entries(map)) {
    if (atCap(w.out)) return;
    const location = `${prefix}["${shortName(k)}"]`;
    if (base64) await readBase64Value(w, v, location, 'kubernetes');
    else if (typeof v === 'string') await readValue(w, utf8Encode(v), location, 'kubernetes');
  }
}

function objectName(doc: Obj): string {
  const meta = isObj(doc.metadata) ? doc.metadata : {};
  const name = shortName(str(meta.name) ?? '(unnamed)');
  const ns = str(meta.namespace);
  return ns ? `${shortName(ns)}/${name}` : name;
}

async function readKubeconfig(w: Walk, doc: Obj): Promise<void> {
  const named = (list: unknown, inner: string) =>
    (Array.isArray(list) ? list : []).filter(isObj).map((e, i) => ({ name: shortName(str(e.name) ?? `#${i}`), body: isObj(e[inner]) ? (e[inner] as Obj) : {} }));
  for (const { name, body } of named(doc.clusters, 'cluster')) {
    await fields(w, body, `kubeconfig clusters[${name}]`, ['certificate-authority']);
  }
  for (const { name, body } of named(doc.users, 'user')) {
    await fields(w, body, `kubeconfig users[${name}]`, ['client-certificate', 'client-key']);
  }
}

async function fields(w: Walk, body: Obj, prefix: string, names: string[]): Promise<void> {
  for (const f of names) {
    if (atCap(w.out)) return;
    if (body[`${f}-data`] !== undefined) await readBase64Value(w, body[`${f}-data`], `${prefix}.${f}-data`, 'kubeconfig');
    const path = str(body[f]);
    if (path) w.references.push(`${prefix}.${f} names the file ${shortName(path)}`);
  }
}

async function readDocument(w: Walk, doc: unknown, depth: number): Promise<void> {
  if (!isObj(doc) || atCap(w.out)) return;
  const kind = str(doc.kind);
  if (kind === 'Secret') {
    const prefix = `Secret ${objectName(doc)}`;
    await readMap(w, doc.data, `${prefix} data`, true);
    await readMap(w, doc.stringData, `${prefix} stringData`, false);
  } else if (kind === 'ConfigMap') {
    const prefix = `ConfigMap ${objectName(doc)}`;
    await readMap(w, doc.data, `${prefix} data`, false);
    await readMap(w, doc.binaryData, `${prefix} binaryData`, true);
  } else if (kind === 'Config' || (kind === undefined && (Array.isArray(doc.clusters) || Array.isArray(doc.users)))) {
    await readKubeconfig(w, doc);
  } else if (Array.isArray(doc.items) && depth === 0 && (kind === 'List' || kind?.endsWith('List'))) {
    for (const item of doc.items) await readDocument(w, item, depth + 1);
  } else w.skipped.push(kind ? `${shortName(kind)}${str(doc.apiVersion) ? ` (${shortName(str(doc.apiVersion)!)})` : ''}` : NO_KIND);
}

/** Reads a manifest or kubeconfig text; declines text that turns out to be PEM with YAML-like lines in it. */
export async function readKubernetes(text: string, ctx: ReadContext): Promise<ReadOutcome | undefined> {
  let parsed;
  try {
    parsed = parseDocuments(text);
  } catch (e) {
    const p = toProblem(e);
    return { items: [], errors: [{ code: p.code, message: `This Kubernetes manifest or kubeconfig was not read: ${p.message}.` }] };
  }
  const w: Walk = { ctx, out: { items: [], errors: [] }, skipped: [], quiet: [], references: [], values: 0 };
  for (const doc of parsed.docs) await readDocument(w, doc, 0);
  if (w.values === 0 && w.references.length === 0 && hasPemArmour(text)) return undefined;
  const out = w.out;
  for (const s of parsed.syntax) out.errors.push({ code: 'unknown_format', message: `A document is not valid ${/^\s*[{[]/.test(text) ? 'JSON' : 'YAML'}: ${s}` });
  if (w.references.length) {
    const finding: Finding = {
      code: 'kubeconfig_file_reference',
      severity: 'info',
      message: `This kubeconfig also names files that were not read (open them beside it): ${w.references.join('; ')}.`,
    };
    if (out.items.length) for (const item of out.items) item.findings.push({ ...finding });
    else out.errors.push({ code: 'unknown_format', message: `This kubeconfig holds no embedded certificate or key; it names files instead, which were not read (open them beside it): ${w.references.join('; ')}.` });
  }
  if (out.items.length === 0 && out.errors.length === 0) out.errors.push(nothingFound(w));
  return atCap(out) ? capStopped(out) : out;
}

function nothingFound(w: Walk): Problem {
  if (w.quiet.length) {
    const list = w.quiet.slice(0, 5).join(', ') + (w.quiet.length > 5 ? `, and ${w.quiet.length - 5} more` : '');
    return { code: 'unknown_format', message: `No value here is a certificate or key (${list}).` };
  }
  const kinds = [...new Set(w.skipped.filter((k) => k !== NO_KIND))].slice(0, 5).join(', ');
  if (kinds) return { code: 'unknown_format', message: `This is a Kubernetes ${kinds}; only Secrets, ConfigMaps, Lists of them and kubeconfigs hold certificates and keys.` };
  if (w.skipped.length) return { code: 'unknown_format', message: 'This YAML or JSON is not a Kubernetes Secret, ConfigMap or kubeconfig, and holds no PEM block.' };
  return { code: 'unknown_format', message: 'This Kubernetes manifest holds no values.' };
}
