/**
 * The alert coordinated-burst raises for a group: the accounts it names (the
 * first `maxNamed` to join), the evidence (their first orders) and the
 * sentence that says how they ordered and what was out of character about
 * them.
 */
import type { EventOf } from '../../core/index.js';
import { formatDuration } from '../explain.js';
import type { CoordinatedBurstParams } from './coordinated-burst-params.js';
import type { Group } from './coordinated-burst-groups.js';

/** The draft of a group's alert as it stands: roster, evidence and explanation under `subject`. */
export function draftAlert(g: Group, e: EventOf<'order-accepted'>, score: number, span: number, subject: string, prm: CoordinatedBurstParams) {
  const accounts: number[] = [];
  const evidence: number[] = [];
  for (const [a, m] of g.members) {
    if (accounts.length < prm.maxNamed) accounts.push(a);
    if (evidence.length < prm.maxEvidence) evidence.push(m.seq);
  }
  accounts.sort((a, b) => a - b);
  evidence.sort((a, b) => a - b);
  const n = g.members.size;
  const via = g.kind === 'platform' ? `through platform ${g.value}` : g.kind === 'network' ? `from network ${g.value}${g.value.includes(':') ? '::/48' : '.0/24'}` : `from device ${g.value}`;
  const parts: string[] = [];
  if (g.dormant > 0) parts.push(`${g.dormant} on an API key (or account) waking from dormancy (>= ${formatDuration(prm.dormantMs)} unused, or never used)`);
  if (g.newSource > 0) parts.push(`${g.newSource} ${g.kind === 'platform' ? 'never ordered through this platform' : g.kind === 'network' ? 'never used this network' : 'never used this device'} before`);
  if (g.kind === 'device') parts.push(`one device driving ${n} accounts`);
  if (g.noHistory > 0) parts.push(`${g.noHistory} with no trading history`);
  if (g.newSymbol > 0) parts.push(`${g.newSymbol} had never traded ${g.symbol}`);
  parts.push(g.familiar > 0 ? `${g.familiar} had burst together in this group before (discounted)` : 'none had burst together in this group before');
  const explanation =
    `${n} accounts ${g.side === 'buy' ? 'bought' : 'sold'} ${g.symbol} ${via} within ${formatDuration(span)} ` +
    `(window ${formatDuration(prm.windowMs)}); ${g.unusual} of ${n} acting out of character: ${parts.join('; ')}` +
    (n > accounts.length ? `; first ${accounts.length} named` : '');
  return { t: e.t, seq: e.seq, symbol: g.symbol, accounts, score, evidence, explanation, subject };
}
