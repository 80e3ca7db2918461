/**
 * A tiny builder of hand-made event streams for the account-takeover,
 * coordinated-burst, counterparty-concentration and account-profile tests:
 * assigns seq and t, fills every required field with a plain default, and
 * hands out order, trade, key and deposit ids.
 */
import type { MarketEvent, Side } from '../../src/core/index.js';
import type { Alert } from '../../src/detect/alert.js';
import { ALL_CAPABILITIES, type DetectorDefinition } from '../../src/detect/detector.js';
import { DetectorRunner } from '../../src/detect/runner.js';

export const MIN = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

type Channel = 'web' | 'app' | 'api';

export interface SourceOpts {
  channel?: Channel;
  key?: number | null;
  platform?: string | null;
  ip?: string;
  device?: string | null;
}

export interface OrderOpts extends SourceOpts {
  kind?: 'limit' | 'market';
  tif?: 'gtc' | 'ioc' | 'fok';
  price?: number | null;
  qty?: number | null;
  quoteQty?: number | null;
}

export class Stream {
  readonly events: MarketEvent[] = [];
  t = 0;
  private orderId = 0;
  private tradeId = 0;
  private keyId = 0;
  private depositId = 0;
  private withdrawalId = 0;

  /** Moves the clock to `t` (never backwards). */
  at(t: number): this {
    if (t < this.t) throw new Error(`time goes backwards: ${t} < ${this.t}`);
    this.t = t;
    return this;
  }

  wait(ms: number): this {
    this.t += ms;
    return this;
  }

  private push(e: Record<string, unknown>): MarketEvent {
    const ev = { seq: this.events.length, t: this.t, ...e } as MarketEvent;
    this.events.push(ev);
    return ev;
  }

  /** Lists BTC (8 decimals) and the given base assets with symbols X/BTC (1 tick x 1 lot = 1 satoshi, 1 lot = 1 unit). */
  market(...bases: string[]): this {
    this.push({ type: 'asset-listed', asset: 'BTC', decimals: 8, confirmationMs: 600_000, withdrawalDelayMs: 300_000 });
    for (const b of bases) this.push({ type: 'asset-listed', asset: b, decimals: 0, confirmationMs: 600_000, withdrawalDelayMs: 300_000 });
    for (const b of bases)
      this.push({
        type: 'symbol-listed',
        symbol: `${b}/BTC`,
        baseAsset: b,
        quoteAsset: 'BTC',
        tickSize: '0.00000001',
        lotSize: '1',
        quoteUnitsPerTickLot: 1,
        baseUnitsPerLot: 1,
        minNotional: 0,
        makerFeeBps: 0,
        takerFeeBps: 0,
      });
    return this;
  }

  account(account: number): this {
    this.push({ type: 'account-created', account });
    return this;
  }

  login(account: number, ip: string, device: string | null, channel: 'web' | 'app' | 'api' = 'web'): this {
    this.push({ type: 'login', account, channel, ip, device });
    return this;
  }

  /** Creates an API key and returns its id. */
  apiKey(account: number, platform: string | null = null): number {
    const key = ++this.keyId;
    this.push({ type: 'api-key-created', account, key, canTrade: true, canWithdraw: false, platform, ips: [] });
    return key;
  }

  /** A deposit seen and credited at once (opening balances, or a fresh deposit). */
  deposit(account: number, asset: string, amount: number, address = `w-${account}`): this {
    const deposit = ++this.depositId;
    this.push({ type: 'deposit', deposit, account, asset, amount, address, status: 'pending' });
    this.push({ type: 'deposit', deposit, account, asset, amount, address, status: 'credited' });
    return this;
  }

  withdrawalRequest(account: number, asset: string, amount: number, src: SourceOpts = {}): this {
    const withdrawal = ++this.withdrawalId;
    this.push({
      type: 'withdrawal-request',
      withdrawal,
      account,
      asset,
      amount,
      address: `ext-${account}`,
      channel: src.channel ?? 'web',
      key: src.key ?? null,
      platform: src.platform ?? null,
      ip: src.ip ?? '198.18.0.1',
      device: src.device ?? null,
    });
    return this;
  }

  /** An accepted order; returns its id. */
  order(account: number, symbol: string, side: Side, o: OrderOpts = {}): number {
    const order = ++this.orderId;
    const kind = o.kind ?? 'limit';
    this.push({
      type: 'order-accepted',
      order,
      account,
      symbol,
      side,
      kind,
      tif: o.tif ?? (kind === 'market' ? 'ioc' : 'gtc'),
      postOnly: false,
      price: o.price ?? null,
      qty: o.qty ?? null,
      quoteQty: o.quoteQty ?? null,
      stp: 'none',
      clientOrderId: null,
      channel: o.channel ?? 'web',
      key: o.key ?? null,
      platform: o.platform ?? null,
      ip: o.ip ?? '198.18.0.1',
      device: o.device === undefined ? (o.channel === 'api' ? null : 'dev-default') : o.device,
    });
    return order;
  }

  /** A trade; the aggressor is the taker. Returns its seq. */
  trade(symbol: string, price: number, qty: number, maker: number, taker: number, aggressor: Side = 'buy', takerOrder?: number, makerOrder?: number): number {
    const e = this.push({
      type: 'trade',
      trade: ++this.tradeId,
      symbol,
      price,
      qty,
      quoteQty: price * qty,
      aggressor,
      makerAccount: maker,
      makerOrder: makerOrder ?? ++this.orderId,
      takerAccount: taker,
      takerOrder: takerOrder ?? ++this.orderId,
      makerFee: 0,
      takerFee: 0,
    });
    return e.seq;
  }

  /** An order that fills at once against `maker` at the given prices (one trade per price), then its remainder is cancelled. */
  takerOrder(account: number, symbol: string, side: Side, o: OrderOpts, fills: { price: number; qty: number; maker: number }[]): number {
    const id = this.order(account, symbol, side, o);
    for (const f of fills) this.trade(symbol, f.price, f.qty, f.maker, account, side, id);
    this.push({ type: 'cancel', order: id, account, symbol, side, price: o.price ?? null, qty: 0, reason: 'unfilled' });
    return id;
  }

  /** Background prints on a symbol between two named accounts, every `every` ms for `duration` ms. */
  prints(symbol: string, price: number, duration: number, every: number, a = 900_001, b = 900_002): this {
    const end = this.t + duration;
    let side: Side = 'buy';
    while (this.t < end) {
      this.trade(symbol, price, 1, a, b, side);
      side = side === 'buy' ? 'sell' : 'buy';
      this.wait(every);
    }
    return this;
  }
}

/** Runs one rule over events through the runner (all capabilities); returns the kept alerts. */
export function runRule(definition: DetectorDefinition, events: readonly MarketEvent[], params: unknown = {}, name = definition.name): Alert[] {
  const runner = new DetectorRunner([{ name, definition, params }], ALL_CAPABILITIES);
  for (const e of events) runner.onEvent(e);
  return runner.alerts;
}

/** A deterministic pseudo-random stream for generated test data (no Math.random). */
export function lcg(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
}
