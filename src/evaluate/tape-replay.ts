/**
 * Replays a real trade tape through rules, as the exchange would have run them:
 * the symbol's listing, then every trade in order, one at a time. Real-data
 * evaluations replay the same tapes under many parameter sets, so this feeds
 * the runner one reused trade object instead of a million fresh ones (the
 * rules keep numbers from an event, never the event itself).
 *
 * The stream's clock starts at midnight UTC of the tape's first trade (the
 * convention of the pump-trades importer), so minute and second buckets line
 * up with the UTC clock, as at the exchange.
 */
import type { EventOf, TradeTape } from '../core/index.js';
import { tapeListing } from '../core/index.js';
import { DetectorRunner, type RuleConfig } from '../detect/index.js';

const DAY_MS = 86_400_000;

/** One alert of a replay, on the tape's clock. */
export interface TapeAlert {
  rule: string;
  /** Unix ms. */
  unixMs: number;
  /** Index in the tape of the trade that raised it. */
  index: number;
  score: number;
  explanation: string;
}

/** Unix ms of t = 0 for a tape: midnight UTC of its first trade. */
export function tapeOrigin(tape: TradeTape): number {
  return tape.length === 0 ? 0 : Math.floor(tape.t[0]! / DAY_MS) * DAY_MS;
}

/**
 * Every alert the rules raise on the tape, in order. `suppressMs` is the
 * runner's repeat suppression (as in `surveil eval`).
 */
export function replayTape(tape: TradeTape, rules: readonly RuleConfig[], suppressMs = 5 * 60_000): TapeAlert[] {
  const runner = new DetectorRunner(rules, ['trades'], suppressMs);
  if (tape.length === 0) return [];
  const origin = tapeOrigin(tape);
  const listing = tapeListing(tape, tape.t[0]! - origin, 0);
  for (const e of listing) runner.onEvent(e);
  const first = listing.length;
  const e: EventOf<'trade'> = {
    seq: 0,
    t: 0,
    type: 'trade',
    trade: 1,
    symbol: tape.symbol,
    price: 1,
    qty: 1,
    quoteQty: 1,
    aggressor: 'buy',
    makerAccount: 0,
    makerOrder: 1,
    takerAccount: 0,
    takerOrder: 2,
    makerFee: 0,
    takerFee: 0,
  };
  const { t, price, qty, buy } = tape;
  for (let i = 0; i < tape.length; i++) {
    const p = price[i]!;
    const q = qty[i]!;
    e.seq = first + i;
    e.t = t[i]! - origin;
    e.trade = i + 1;
    e.price = p;
    e.qty = q;
    e.quoteQty = p * q;
    e.aggressor = buy[i] === 1 ? 'buy' : 'sell';
    // Synthetic order ids, one maker and one taker order per row (as the importer makes them).
    e.makerOrder = 2 * i + 1;
    e.takerOrder = 2 * i + 2;
    runner.onEvent(e);
  }
  return runner.alerts.map((a) => ({
    rule: a.rule,
    unixMs: a.t + origin,
    index: a.seq - first,
    score: a.score,
    explanation: a.explanation,
  }));
}
