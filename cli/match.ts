/** `pem-inspector match [--json] [--password PW]... PUBLIC_FILE PRIVATE_FILE` */
import type { Item, PublicKeyInfo } from '../core/types.js';
import type { MatchResult } from '../core/relations.js';
import { matchPair } from '../core/pairs.js';
import { parseArgs, UsageError } from './args.js';
import { displayName, itemTitle, kindNoun, loadFile } from './files.js';
import { stringify } from './json.js';
import { styleFor } from './style.js';
import { visibleText } from '../core/visible-text.js';
import { HELP } from './usage.js';

/** A failure that ends `match` with exit 2: the question could not even be asked. */
class CannotAnswer extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

interface Candidate {
  index: number;
  item: Item;
}

function publicKeyOf(item: Item): PublicKeyInfo | undefined {
  switch (item.kind) {
    case 'certificate':
    case 'certificate-request':
    case 'public-key':
      return item.publicKey;
    case 'private-key':
      return item.publicKey;
    default:
      return undefined;
  }
}

/** Why a file gave us nothing usable: a wrong password beats a missing one beats "none there". */
function explainNothing(path: string, items: Item[], errors: { code: string; message: string }[], want: string, passwords: string[]): CannotAnswer {
  const name = displayName(path);
  const wrong = errors.find((e) => e.code === 'password_wrong');
  if (wrong) return new CannotAnswer('password_wrong', `${name}: ${wrong.message}`);
  const locked = items.some((i) => i.encrypted);
  if (locked) {
    return passwords.length
      ? new CannotAnswer('password_wrong', `${name}: none of the given passwords unlocks it.`)
      : new CannotAnswer('password_required', `${name}: password required: it is encrypted; give it with --password.`);
  }
  const err = errors[0];
  if (err) return new CannotAnswer(err.code, `${name}: ${err.message}`);
  return new CannotAnswer('no_key', `${name} holds no ${want}.`);
}

/**
 * Progress on stderr while passwords are tried on `path`, when that is long: every password the
 * user gave is tried (they are the user's cost, not the file's), so say what it costs once the
 * estimate passes a second, then every few seconds.
 */
function passwordProgress(path: string, passwords: string[]): ((e: { what: string; estimateMs: number }) => void) | undefined {
  if (passwords.length < 2) return undefined;
  const t0 = Date.now();
  let tried = 0;
  let announced = false;
  let last = t0;
  return (e) => {
    tried++;
    const now = Date.now();
    if (!announced && e.estimateMs * passwords.length > 1000) {
      announced = true;
      last = now;
      process.stderr.write(`pem-inspector match: ${displayName(path)}: trying up to ${passwords.length} passwords, about ${(e.estimateMs / 1000).toFixed(1)} s each (${e.what})…\n`);
    } else if (now - last > 3000) {
      last = now;
      process.stderr.write(`pem-inspector match: ${displayName(path)}: starting key derivation ${tried} (${passwords.length} passwords given), ${Math.round((now - t0) / 1000)} s so far…\n`);
    }
  };
}

async function load(path: string, passwords: string[]) {
  const loaded = await loadFile(path, passwords, undefined, passwordProgress(path, passwords));
  if (!loaded.ok) throw new CannotAnswer(loaded.code, loaded.message);
  return loaded.result;
}

export async function matchCommand(argv: string[]): Promise<number> {
  const args = parseArgs(argv, { flags: ['json'], multi: ['password'] }, 'match');
  if (args.help) {
    process.stdout.write(HELP.match);
    return 0;
  }
  if (args.positionals.length !== 2) {
    throw new UsageError(`match takes exactly two files, PUBLIC_FILE and PRIVATE_FILE (got ${args.positionals.length})`, 'match');
  }
  const [pubPath, privPath] = args.positionals as [string, string];
  const passwords = args.multi.get('password') ?? [];
  const json = args.flags.has('json');

  try {
    const pubFile = await load(pubPath, passwords);
    const privFile = await load(privPath, passwords);

    const publics: Candidate[] = pubFile.items.map((item, index) => ({ item, index })).filter((c) => publicKeyOf(c.item));
    if (publics.length === 0) throw explainNothing(pubPath, pubFile.items, pubFile.errors, 'certificate, request or key', passwords);
    const privates: Candidate[] = privFile.items
      .map((item, index) => ({ item, index }))
      .filter((c) => c.item.kind === 'private-key' && !c.item.encrypted);
    if (privates.length === 0) throw explainNothing(privPath, privFile.items, privFile.errors, 'private key', passwords);

    const [pub, priv, result] = await choosePair(publics, privates);
    const verdictMatch = result.verdict === 'match';
    const message = sentence(pubPath, pub.item, privPath, result);
    if (json) {
      process.stdout.write(
        stringify({
          match: verdictMatch,
          verdict: result.verdict,
          message,
          proof: result.proof ? { ...result.proof } : undefined,
          public: { path: pubPath, index: pub.index, kind: pub.item.kind },
          private: { path: privPath, index: priv.index },
        }),
      );
    } else {
      const st = styleFor(process.stdout);
      // The sentence quotes file names and subjects: shown visibly (terminal.ts).
      const text = visibleText(message);
      process.stdout.write((verdictMatch ? st.green(text) : st.red(text)) + '\n');
    }
    // "Could not compare" is not "not a pair": the question had no answer (exit 2, as for unreadable input).
    return verdictMatch ? 0 : result.verdict === 'not_comparable' ? 2 : 1;
  } catch (e) {
    if (!(e instanceof CannotAnswer)) throw e;
    if (json) process.stdout.write(stringify({ match: false, verdict: 'error', error: { code: e.code, message: e.message } }));
    process.stderr.write(`pem-inspector match: ${e.code}: ${visibleText(e.message)}\n`);
    return 2;
  }
}

/**
 * The first public item against the first private key, unless some other pair in the two
 * files matches: a bundle's leaf is usually first, but not always.
 */
async function choosePair(publics: Candidate[], privates: Candidate[]): Promise<[Candidate, Candidate, MatchResult]> {
  const first: [Candidate, Candidate] = [publics[0]!, privates[0]!];
  // Equal SPKI hashes pick the likely pair cheaply; matchPair then proves it.
  for (const pub of publics) {
    const pubHash = publicKeyOf(pub.item)?.spkiSha256;
    for (const priv of privates) {
      const privHash = publicKeyOf(priv.item)?.spkiSha256;
      if (pubHash && pubHash === privHash) {
        const result = await matchPair(pub.item, priv.item);
        if (result.verdict === 'match') return [pub, priv, result];
      }
    }
  }
  return [...first, await matchPair(first[0].item, first[1].item)];
}

function sentence(pubPath: string, pub: Item, privPath: string, r: MatchResult): string {
  const title = itemTitle(pub);
  const what = `${pub.kind === 'private-key' ? 'the public half of ' : ''}the ${kindNoun(pub)} in ${displayName(pubPath)}${title && pub.kind !== 'private-key' ? ` (${title})` : ''}`;
  if (r.verdict === 'match') {
    const how = r.proof?.verified ? 'proven by signing and verifying a challenge' : 'the public keys are identical';
    return `match: the private key in ${displayName(privPath)} belongs to ${what}; ${how}`;
  }
  if (r.verdict === 'not_comparable') return `cannot compare: the private key in ${displayName(privPath)} and ${what}: ${r.message}`;
  return `no match: the private key in ${displayName(privPath)} does not belong to ${what}: ${r.message}`;
}
