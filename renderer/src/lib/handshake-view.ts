/**
 * The walkthrough's words and small helpers for the window: what kind of cryptography a step
 * does (icon and word, never colour alone), who acts and in which direction, how far it got,
 * and where its values came from. Pure: no DOM, no state.
 */
import type { HandshakeStep } from '../../../core/tls/types.js';
import type { IconName } from './icons.js';
import type { ItemRef } from './protocol.js';
import { count } from './format.js';

export const CRYPTO: Record<HandshakeStep['crypto'], { icon?: IconName; word: string }> = {
  asymmetric: { icon: 'lock', word: 'asymmetric (public-key) work' },
  symmetric: { icon: 'key', word: 'symmetric (shared-key) work' },
  none: { word: 'no key work' },
};

export function statusOf(step: HandshakeStep): { icon: IconName; word: string; tone: 'ok' | 'warn' | 'bad' | 'muted' } {
  if (!step.reached) return { icon: 'info', word: 'not reached', tone: 'muted' };
  if (step.status === 'failed') return { icon: 'x', word: 'fails here', tone: 'bad' };
  if (step.status === 'warning') return { icon: 'warn', word: 'passes, with a warning', tone: 'warn' };
  return { icon: 'check', word: 'passes', tone: 'ok' };
}

const SIDE = { client: 'client', server: 'server' } as const;

/** Who acts, in words: "client → server" shown, "sent by the client to the server" said. */
export function laneOf(step: HandshakeStep): { shown: string; said: string; left: boolean; right: boolean; arrow: '→' | '←' | '' } {
  if (step.from === 'both') return { shown: 'client + server', said: 'computed by the client and the server, each on its own side', left: true, right: true, arrow: '' };
  if (step.to) {
    const rightward = step.from === 'client';
    return { shown: `${SIDE[step.from]} → ${SIDE[step.to]}`, said: `sent by the ${SIDE[step.from]} to the ${SIDE[step.to]}`, left: true, right: true, arrow: rightward ? '→' : '←' };
  }
  return { shown: SIDE[step.from], said: `done by the ${SIDE[step.from]}`, left: step.from === 'client', right: step.from === 'server', arrow: '' };
}

/** The items a step's values came from, once each, in order of first use. */
export function stepRefs(step: HandshakeStep): ItemRef[] {
  const out: ItemRef[] = [];
  for (const v of step.values) {
    if (!v.from || out.some((r) => r.fileId === v.from!.file && r.index === v.from!.index)) continue;
    out.push({ fileId: v.from.file, index: v.from.index });
  }
  return out;
}

/** Hex in lines of 16 bytes, bytes apart: readable and copyable. */
export function hexLines(hex: string): string[] {
  const lines: string[] = [];
  for (let at = 0; at < hex.length; at += 32) lines.push(hex.slice(at, at + 32).replace(/(..)(?!$)/g, '$1 '));
  return lines;
}

/** "32 bytes", "1 byte", "1,234 bytes". */
export function bytesText(n: number): string {
  return `${count(n)} byte${n === 1 ? '' : 's'}`;
}
