/**
 * Noise traders: the anonymous order flow that makes a symbol trade at all.
 * Orders arrive as a Poisson process at ordersPerDay over a pool of accounts.
 * Each arrival picks an account, a side (buyProbability), and either a market
 * order (probability marketShare) or a passive limit order behind its own
 * touch, at a distance drawn from an exponential with mean limitOffsetBps,
 * which is cancelled after an exponential lifetime (mean limitLifetimeMs) if
 * still live. Sizes are log-normal (median sizeMedianLots, sigma sizeSigma),
 * capped by what the account can afford; an arrival that cannot afford the
 * minimum is skipped rather than sent to be rejected.
 *
 * Calibration (CALIBRATION.md): the small caps in the real data trade a median
 * of ~1,300 times a day. Against a thin maker ladder (40 bps half spread) each
 * noise order makes about 0.85 trades (a market order that walks a level
 * makes two, most limits expire unfilled), so ~1,500 orders a day alone, or
 * ~1,100 beside a background population that trades the coin now and then,
 * give that count. Trade arrival there is
 * self-exciting; this flow is plain Poisson on purpose: bursts belong to the
 * whale, follower and attacker agents, so a detector is measured against a
 * calm baseline.
 *
 * Each account keeps one channel from channelMix for its whole life, with a
 * stable device and home IP; API accounts get their own key (no platform).
 */
import { type AccountId, type ApiKeyId, type Channel, grownTo, type OrderId, type Side } from '../core/index.js';
import type { OrderBook } from '../book/index.js';
import { REJECT, limitOrder, marketBuyFor, marketOrder, type RequestSource, type SymbolInfo } from '../exchange/index.js';
import { deviceId, homeIp } from './identity.js';
import type { Agent, AgentContext, AgentInfo } from './agent.js';

export interface NoiseTraderParams {
  /** Symbol traded, e.g. `ALT/BTC`. */
  symbol: string;
  /** Accounts the flow is spread over (funded with base and quote by the scenario). */
  accounts: AccountId[];
  /** Mean order arrivals per simulated day, over the whole pool (orders/day). */
  ordersPerDay: number;
  /** Probability an arrival is a buy (0..1; 0.5 = balanced). */
  buyProbability: number;
  /** Probability an arrival is a market order; otherwise a resting limit (0..1). */
  marketShare: number;
  /** Mean distance of a limit behind its own touch, in basis points (exponential). */
  limitOffsetBps: number;
  /** Mean time a limit rests before its owner cancels it, in ms (exponential). */
  limitLifetimeMs: number;
  /** Median order size, in lots (log-normal). */
  sizeMedianLots: number;
  /** Log-space standard deviation of the order size (dimensionless). */
  sizeSigma: number;
  /** Relative weights of the channel each account uses (need not sum to 1). */
  channelMix: { web: number; app: number; api: number };
}

export const NOISE_TRADER_INFO: AgentInfo = {
  kind: 'noise-trader',
  summary: 'Poisson order flow on one symbol from a pool of accounts: market orders and short-lived passive limits',
  params: {
    symbol: 'symbol traded',
    ordersPerDay: 'mean order arrivals per day over the pool',
    buyProbability: 'probability an arrival is a buy, 0..1',
    marketShare: 'probability an arrival is a market order, 0..1',
    limitOffsetBps: 'mean distance of a limit behind its own touch, bps',
    limitLifetimeMs: 'mean life of a limit before cancel, ms',
    sizeMedianLots: 'median order size, lots',
    sizeSigma: 'log-normal sigma of the order size',
    channelMix: 'weights of web / app / api per account',
  },
};

const DAY_MS = 86_400_000;
const ARRIVAL = 0;
const HALT_PAUSE_MS = 300_000;
/** Cancel wakes and cancel requests: tag = order id x ACCOUNT_SLOTS + 1 + account index. */
const ACCOUNT_SLOTS = 1 << 20;

/**
 * Orders on their way to the exchange, by slot: what an arrival decided, kept
 * until the request lands (tag = -1 - slot). Slots are reused through a free
 * list; a few dozen are in flight at once even on a busy day.
 */
class InFlight {
  index = new Int32Array(64);
  buy = new Uint8Array(64);
  market = new Uint8Array(64);
  offset = new Float64Array(64);
  lifetime = new Float64Array(64);
  want = new Float64Array(64);
  private free: number[] = [];
  private used = 0;

  take(): number {
    if (this.free.length > 0) return this.free.pop()!;
    if (this.used === this.index.length) this.grow();
    return this.used++;
  }

  release(slot: number): void {
    this.free.push(slot);
  }

  private grow(): void {
    const n = this.index.length * 2;
    this.index = grownTo(this.index, n);
    this.buy = grownTo(this.buy, n);
    this.market = grownTo(this.market, n);
    this.offset = grownTo(this.offset, n);
    this.lifetime = grownTo(this.lifetime, n);
    this.want = grownTo(this.want, n);
  }
}

export class NoiseTrader implements Agent {
  private sources: RequestSource[] = [];
  private weights: number[] = [];
  private info!: SymbolInfo;
  /** The symbol's book, looked up once (it is read on every arrival and cancel). */
  private book!: OrderBook;
  /** After a `symbol-halted` rejection, arrivals are skipped until then (people see the halt). */
  private pausedUntil = 0;
  private readonly inFlight = new InFlight();
  /** Draw parameters that follow from p alone, worked out once rather than on every arrival. */
  private readonly offsetRate: number;
  private readonly lifetimeRate: number;
  private readonly logSizeMedian: number;

  constructor(
    readonly name: string,
    private readonly p: NoiseTraderParams,
  ) {
    if (p.accounts.length >= ACCOUNT_SLOTS - 1) throw new RangeError(`noise trader ${name}: too many accounts`);
    this.offsetRate = 1 / Math.max(1e-9, p.limitOffsetBps);
    this.lifetimeRate = 1 / Math.max(1, p.limitLifetimeMs);
    this.logSizeMedian = Math.log(p.sizeMedianLots);
  }

  start(ctx: AgentContext): void {
    const { rng, exchange } = ctx;
    this.info = exchange.symbolInfo(this.p.symbol);
    this.book = exchange.book(this.p.symbol);
    const mix = this.p.channelMix;
    this.weights = [mix.web, mix.app, mix.api];
    const channels: Channel[] = ['web', 'app', 'api'];
    this.sources = this.p.accounts.map((account) => {
      ctx.truth.role(account, 'background', this.name);
      const channel = channels[rng.weighted(this.weights)]!;
      const ip = homeIp(rng);
      if (channel === 'api') {
        const key: ApiKeyId = exchange.createApiKey(account, { platform: null });
        return { channel, key, ip, device: null };
      }
      return { channel, key: null, ip, device: deviceId(rng) };
    });
    if (this.p.ordersPerDay > 0 && this.p.accounts.length > 0) this.next(ctx);
  }

  onWake(ctx: AgentContext, tag: number): void {
    if (tag === ARRIVAL) {
      if (ctx.now >= this.pausedUntil) this.arrive(ctx);
      this.next(ctx);
      return;
    }
    // A limit's lifetime is over: its owner asks to cancel it, unless it filled meanwhile.
    const order = Math.floor(tag / ACCOUNT_SLOTS) as OrderId;
    if (this.book.remainingOf(order) < 0) return;
    ctx.sendTag(this.sources[(tag % ACCOUNT_SLOTS) - 1]!.channel, tag);
  }

  onArrive(ctx: AgentContext, tag: number): void {
    if (tag < 0) this.place(ctx, -1 - tag);
    else ctx.exchange.cancelOrder(this.p.accounts[(tag % ACCOUNT_SLOTS) - 1]!, Math.floor(tag / ACCOUNT_SLOTS) as OrderId);
  }

  private next(ctx: AgentContext): void {
    ctx.wakeIn(ctx.rng.exponential(this.p.ordersPerDay / DAY_MS), ARRIVAL);
  }

  /** One order: who, which side, what kind, how big (sized at the exchange, against balances then). */
  private arrive(ctx: AgentContext): void {
    const p = this.p;
    const rng = ctx.rng;
    const f = this.inFlight;
    const slot = f.take();
    const index = rng.int(0, p.accounts.length - 1);
    const buy = rng.chance(p.buyProbability);
    const market = rng.chance(p.marketShare);
    f.index[slot] = index;
    f.buy[slot] = buy ? 1 : 0;
    f.market[slot] = market ? 1 : 0;
    f.offset[slot] = market ? 0 : rng.exponential(this.offsetRate) / 10_000;
    f.lifetime[slot] = market ? 0 : rng.exponential(this.lifetimeRate);
    f.want[slot] = Math.max(1, Math.round(rng.logNormal(this.logSizeMedian, p.sizeSigma)));
    ctx.sendTag(this.sources[index]!.channel, -1 - slot);
  }

  /** At the exchange: price from the book as it is now, size against the balance, place. */
  private place(ctx: AgentContext, slot: number): void {
    const f = this.inFlight;
    const index = f.index[slot]!;
    const buy = f.buy[slot] === 1;
    const market = f.market[slot] === 1;
    const offset = f.offset[slot]!;
    const lifetime = f.lifetime[slot]!;
    const want = f.want[slot]!;
    f.release(slot);
    const ex = ctx.exchange;
    const p = this.p;
    const account = p.accounts[index]!;
    const source = this.sources[index]!;
    const book = this.book;
    const bid = book.bestBid();
    const ask = book.bestAsk();
    const info = this.info;
    const k = info.quoteUnitsPerTickLot;
    const side: Side = buy ? 'buy' : 'sell';
    let price: number;
    if (market) price = buy ? ask : bid;
    else if (buy) price = Math.round((bid || ask) * (1 - offset));
    else price = Math.round((ask || bid) * (1 + offset));
    if (price < 1) return; // empty book: nothing to trade against or to price from
    const avail = ex.available(account, buy ? info.quote : info.base);
    const afford = buy ? Math.floor(avail / (price * k)) : Math.floor(avail / info.baseUnitsPerLot);
    const qty = Math.min(want, afford);
    if (qty <= 0 || price * qty * k < info.minNotional) return;
    const r = ex.placeOrder(
      market
        ? buy
          ? marketBuyFor(account, p.symbol, price * qty * k, source)
          : marketOrder(account, p.symbol, side, qty, source)
        : limitOrder(account, p.symbol, side, price, qty, source),
    );
    if (!r.ok && r.reason === REJECT.symbolHalted) this.pausedUntil = ex.now + HALT_PAUSE_MS;
    else if (r.ok && !market && book.remainingOf(r.order) >= 0) {
      ctx.wakeIn(lifetime, r.order * ACCOUNT_SLOTS + 1 + index);
    }
  }
}
