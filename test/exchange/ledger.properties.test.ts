/**
 * Property tests of the exchange ledger: random sequences of deposits, clock
 * moves, orders of every kind on both symbols, cancels, amends, withdrawals,
 * restrictions, key revocations, reversals and halts. After every operation the
 * ledger audit is clean (conservation per asset, no negative balance, locks
 * equal what open orders and pending withdrawals need); the event stream is
 * gapless, time-ordered and schema-valid; and the same operations always give
 * the same stream.
 *
 * `EXCHANGE_PROPERTY_SCALE=20 npx vitest run test/exchange` searches harder.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AccountId, type ApiKeyId, eventSchema, type MarketEvent, type OrderId, type StpMode, type TradeId } from '../../src/core/index.js';
import type { AccountRestriction, RequestSource } from '../../src/exchange/index.js';
import { ALT, ALT_BTC, apiSource, BTC, BTC_USDT, makeExchange, type TestExchange, USDT, WEB } from './fixtures.js';

const SCALE = Number(process.env.EXCHANGE_PROPERTY_SCALE ?? 1);
const runs = (n: number) => ({ numRuns: Math.max(1, Math.round(n * SCALE)) });

const N_ACCOUNTS = 4;
const ASSETS = [BTC, ALT, USDT] as const;
const SYMS = [ALT_BTC, BTC_USDT] as const;
/** Mid price in ticks and the spread of random prices around it, per symbol. */
const MID = { [ALT_BTC]: 1_000, [BTC_USDT]: 3_000_000 } as const;
const SPREAD = { [ALT_BTC]: 20, [BTC_USDT]: 30 } as const;
/** Market buy quote amounts, per symbol (some below min notional, some above any balance). */
const QUOTE = { [ALT_BTC]: [500, 80_000], [BTC_USDT]: [5_000_000, 8_000_000_000] } as const;

/** How a request reaches the exchange: web, the account's own key, or the key from a wrong IP. */
type Via = 'web' | 'key' | 'key-bad-ip' | 'other-key';

type Op =
  | { k: 'deposit'; acct: number; asset: number; amount: number }
  | { k: 'advance'; dt: number }
  | {
      k: 'limit';
      acct: number;
      sym: number;
      side: 'buy' | 'sell';
      off: number;
      qty: number;
      tif: 'gtc' | 'ioc' | 'fok';
      postOnly: boolean;
      stp: StpMode;
      via: Via;
    }
  | {
      k: 'market';
      acct: number;
      sym: number;
      side: 'buy' | 'sell';
      qty: number;
      byQuote: boolean;
      /** Thousandths of the way through the symbol's QUOTE range. */
      quote: number;
      protect: number | null;
      stp: StpMode;
      via: Via;
    }
  | { k: 'cancel'; acct: number; pick: number; owner: boolean }
  | { k: 'amend'; acct: number; pick: number; owner: boolean; keepPrice: boolean; off: number; qty: number }
  /** `frac`: thousandths of the available balance (up to 120 %, to reach insufficient-balance). */
  | { k: 'withdraw'; acct: number; asset: number; frac: number; via: Via }
  | { k: 'restrict'; acct: number; kind: AccountRestriction; set: boolean; span: number }
  | { k: 'revoke'; acct: number; set: boolean; span: number }
  | { k: 'reverse'; pick: number; recent: boolean }
  | { k: 'halt'; sym: number; set: boolean; span: number };

const acct = fc.integer({ min: 0, max: N_ACCOUNTS - 1 });
const sym = fc.integer({ min: 0, max: 1 });
const side = fc.constantFrom<'buy' | 'sell'>('buy', 'sell');
const stp = fc.constantFrom<StpMode>('none', 'none', 'cancel-newest', 'cancel-oldest', 'cancel-both');
const via = fc.constantFrom<Via>('web', 'web', 'web', 'web', 'key', 'key', 'key', 'key-bad-ip', 'other-key');
/**
 * Restrictions, revocations and halts: `set` also schedules the lift `span`
 * operations later (so trading goes on), `!set` lifts at once if set.
 */
const setOrLift = fc.boolean();
const span = fc.integer({ min: 1, max: 12 });
/** Price offset from the mid in thousandths of the symbol's spread. */
const off = fc.integer({ min: -1_000, max: 1_000 });

const genOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('deposit' as const), acct, asset: fc.integer({ min: 0, max: 2 }), amount: fc.integer({ min: 1, max: 2_000_000_000 }) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('advance' as const), dt: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 3_000 })) }) },
  {
    weight: 14,
    arbitrary: fc.record({
      k: fc.constant('limit' as const),
      acct,
      sym,
      side,
      off,
      qty: fc.integer({ min: 1, max: 60 }),
      tif: fc.constantFrom<'gtc' | 'ioc' | 'fok'>('gtc', 'gtc', 'gtc', 'gtc', 'gtc', 'ioc', 'fok'),
      postOnly: fc.constantFrom(false, false, false, true),
      stp,
      via,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      k: fc.constant('market' as const),
      acct,
      sym,
      side,
      qty: fc.integer({ min: 1, max: 60 }),
      byQuote: fc.boolean(),
      quote: fc.integer({ min: 0, max: 1_000 }),
      protect: fc.option(off, { nil: null }),
      stp,
      via,
    }),
  },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('cancel' as const), acct, pick: fc.nat(), owner: fc.boolean() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant('amend' as const),
      acct,
      pick: fc.nat(),
      owner: fc.boolean(),
      keepPrice: fc.boolean(),
      off,
      qty: fc.integer({ min: 1, max: 80 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ k: fc.constant('withdraw' as const), acct, asset: fc.integer({ min: 0, max: 2 }), frac: fc.integer({ min: 0, max: 1_200 }), via }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('restrict' as const),
      acct,
      kind: fc.constantFrom<AccountRestriction>('withdrawal-only', 'withdrawals-suspended', 'frozen'),
      set: setOrLift,
      span,
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('revoke' as const), acct, set: setOrLift, span }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('reverse' as const), pick: fc.nat(), recent: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('halt' as const), sym, set: setOrLift, span }) },
);

/** Opening balances per account and asset (BTC, ALT, USDT): 0 to 10 steps, from empty to comfortable. */
const FUNDING_STEP = [300_000, 5_000_000_000, 5_000_000_000] as const;
const level = fc.integer({ min: 0, max: 10 });
const genFunding = fc.array(
  fc.tuple(level, level, level).map(([b, a, u]): [number, number, number] => [b * FUNDING_STEP[0], a * FUNDING_STEP[1], u * FUNDING_STEP[2]]),
  { minLength: N_ACCOUNTS, maxLength: N_ACCOUNTS },
);

const genScenario = fc.record({ funding: genFunding, ops: fc.array(genOp, { minLength: 40, maxLength: 150, size: 'max' }) });
type Scenario = { funding: [number, number, number][]; ops: Op[] };

interface World {
  h: TestExchange;
  accounts: AccountId[];
  keys: ApiKeyId[];
  /** Every accepted order with its owner, in acceptance order. */
  orders: { id: OrderId; owner: AccountId }[];
  trades: TradeId[];
  /** Lifts scheduled by restrict/revoke/halt operations: run before operation `at`. */
  lifts: { at: number; lift: () => void }[];
  step: number;
}

function priceOf(s: (typeof SYMS)[number], o: number): number {
  return MID[s] + Math.round((o * SPREAD[s]) / 1_000);
}

function sourceOf(w: World, a: number, v: Via): RequestSource {
  switch (v) {
    case 'web':
      return WEB;
    case 'key':
      return apiSource(w.keys[a]!, a === 3 ? '203.0.113.3' : '10.0.0.2');
    case 'key-bad-ip':
      return apiSource(w.keys[a]!, '198.18.0.1');
    case 'other-key':
      return apiSource(w.keys[(a + 1) % N_ACCOUNTS]!);
  }
}

/** A fresh world: accounts with keys (even accounts' keys may withdraw; account 3's key is IP-bound), funded. */
function build(funding: [number, number, number][]): World {
  const h = makeExchange({ reversalWindowMs: 8_000 });
  const accounts: AccountId[] = [];
  const keys: ApiKeyId[] = [];
  for (let i = 0; i < N_ACCOUNTS; i++) {
    const [b, al, u] = funding[i]!;
    const a = h.openFunded({ BTC: b, ALT: al, USDT: u });
    accounts.push(a);
    keys.push(h.ex.createApiKey(a, { canWithdraw: i % 2 === 0, platform: i === 1 ? 'copybot' : null, ips: i === 3 ? ['203.0.113.3'] : [] }));
  }
  return { h, accounts, keys, orders: [], trades: [], lifts: [], step: 0 };
}

/** Applies one operation and records the orders and trades it produced. */
function apply(w: World, op: Op): void {
  const { h } = w;
  const ex = h.ex;
  const from = h.mark();
  switch (op.k) {
    case 'deposit':
      ex.deposit(w.accounts[op.acct]!, ASSETS[op.asset]!, op.amount, `addr-${op.acct}`);
      break;
    case 'advance':
      ex.advanceTo(ex.now + op.dt);
      break;
    case 'limit': {
      const s = SYMS[op.sym]!;
      const r = ex.placeOrder({
        account: w.accounts[op.acct]!,
        symbol: s,
        side: op.side,
        kind: 'limit',
        tif: op.tif,
        postOnly: op.postOnly && op.tif === 'gtc',
        price: priceOf(s, op.off),
        qty: op.qty,
        stp: op.stp,
        source: sourceOf(w, op.acct, op.via),
      });
      expect(h.since(from)[0]?.type).toBe(r.ok ? 'order-accepted' : 'order-rejected');
      break;
    }
    case 'market': {
      const s = SYMS[op.sym]!;
      const [lo, hi] = QUOTE[s];
      const byQuote = op.byQuote && op.side === 'buy';
      const r = ex.placeOrder({
        account: w.accounts[op.acct]!,
        symbol: s,
        side: op.side,
        kind: 'market',
        qty: byQuote ? null : op.qty,
        quoteQty: byQuote ? lo + Math.floor((op.quote * (hi - lo)) / 1_000) : null,
        price: byQuote || op.protect === null ? null : priceOf(s, op.protect),
        stp: op.stp,
        source: sourceOf(w, op.acct, op.via),
      });
      expect(h.since(from)[0]?.type).toBe(r.ok ? 'order-accepted' : 'order-rejected');
      break;
    }
    case 'cancel': {
      if (w.orders.length === 0) break;
      const o = w.orders[op.pick % w.orders.length]!;
      const who = op.owner ? o.owner : w.accounts[op.acct]!;
      const r = ex.cancelOrder(who, o.id);
      if (r !== null) expect(h.since(from)).toEqual([]);
      break;
    }
    case 'amend': {
      if (w.orders.length === 0) break;
      const o = w.orders[op.pick % w.orders.length]!;
      const who = op.owner ? o.owner : w.accounts[op.acct]!;
      const s = ex.book(ALT_BTC).has(o.id) ? ALT_BTC : BTC_USDT;
      const current = ex.book(s).priceOf(o.id);
      const r = ex.amendOrder(who, o.id, op.keepPrice && current > 0 ? current : priceOf(s, op.off), op.qty);
      expect(h.since(from).map((e) => e.type)).toEqual(r === null ? ['order-amended'] : []);
      break;
    }
    case 'withdraw': {
      const a = w.accounts[op.acct]!;
      const asset = ASSETS[op.asset]!;
      const amount = Math.max(1, Math.floor((h.bal(a, asset).available * op.frac) / 1_000));
      ex.requestWithdrawal(a, asset, amount, `out-${op.acct}`, sourceOf(w, op.acct, op.via));
      break;
    }
    case 'restrict': {
      const a = w.accounts[op.acct]!;
      const lift = () => ex.liftAccountRestriction(a, op.kind, 'prop-lift');
      if (op.set && ex.restrictAccount(a, op.kind, 'prop')) w.lifts.push({ at: w.step + op.span, lift });
      else if (!op.set) lift();
      break;
    }
    case 'revoke': {
      const key = w.keys[op.acct]!;
      const lift = () => ex.restoreKey(key, 'prop-lift');
      if (op.set && ex.revokeKey(key, 'prop')) w.lifts.push({ at: w.step + op.span, lift });
      else if (!op.set) lift();
      break;
    }
    case 'reverse': {
      const n = w.trades.length;
      const id = n === 0 ? (op.pick % 3) + 1 : op.recent ? w.trades[n - 1 - (op.pick % Math.min(n, 8))]! : (op.pick % (n + 3)) + 1;
      ex.reverseTrade(id as TradeId);
      break;
    }
    case 'halt': {
      const s = SYMS[op.sym]!;
      const lift = () => ex.resumeSymbol(s, 'prop-lift');
      if (op.set && ex.haltSymbol(s, 'prop')) w.lifts.push({ at: w.step + op.span, lift });
      else if (!op.set) lift();
      break;
    }
  }
  for (const e of h.since(from)) {
    if (e.type === 'order-accepted') w.orders.push({ id: e.order as OrderId, owner: e.account as AccountId });
    else if (e.type === 'trade') w.trades.push(e.trade as TradeId);
  }
}

function checkStream(events: MarketEvent[]): void {
  events.forEach((e, i) => {
    expect(e.seq, JSON.stringify(e)).toBe(i);
    if (i > 0) expect(e.t).toBeGreaterThanOrEqual(events[i - 1]!.t);
    const parsed = eventSchema.safeParse(e);
    expect(parsed.success, `${JSON.stringify(e)}\n${parsed.error?.message ?? ''}`).toBe(true);
  });
}

function run({ funding, ops }: Scenario, checkEachStep: boolean): World {
  const w = build(funding);
  expect(w.h.ex.audit()).toEqual([]);
  ops.forEach((op, step) => {
    w.step = step;
    const due = w.lifts.filter((l) => l.at <= step);
    if (due.length > 0) {
      w.lifts = w.lifts.filter((l) => l.at > step);
      for (const l of due) l.lift();
      if (checkEachStep) expect(w.h.ex.audit(), `after lifts before step ${step}`).toEqual([]);
    }
    apply(w, op);
    if (checkEachStep) expect(w.h.ex.audit(), `after step ${step}: ${JSON.stringify(op)}`).toEqual([]);
  });
  return w;
}

describe('exchange ledger properties', () => {
  it('audit is clean after every operation, and the stream is gapless, time-ordered and schema-valid', () => {
    let trades = 0;
    let rejected = 0;
    let reversals = 0;
    fc.assert(
      fc.property(genScenario, (sc) => {
        const w = run(sc as Scenario, true);
        checkStream(w.h.events);
        expect(w.h.ex.eventCount).toBe(w.h.events.length);
        // Draining every pending deposit and withdrawal keeps the ledger sound too.
        w.h.ex.advanceTo(w.h.ex.now + 10_000);
        expect(w.h.ex.audit()).toEqual([]);
        expect(w.h.ex.nextDue()).toBe(Infinity);
        trades += w.trades.length;
        rejected += w.h.ofType('order-rejected').length;
        reversals += w.h.ofType('trade-reversed').length;
      }),
      runs(200),
    );
    // The generator must actually reach the interesting paths.
    expect(trades).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
    expect(reversals).toBeGreaterThan(10);
  });

  it('is deterministic: the same operations on two fresh exchanges give byte-identical event streams', () => {
    fc.assert(
      fc.property(genScenario, (sc) => {
        const a = run(sc as Scenario, false);
        const b = run(sc as Scenario, false);
        expect(JSON.stringify(b.h.events)).toBe(JSON.stringify(a.h.events));
      }),
      runs(60),
    );
  });
});
