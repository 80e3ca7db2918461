/**
 * Cash-out: the attacker's accounts take the quote coin the victims paid them
 * and request withdrawals to a few outside addresses, as soon as proceeds
 * arrive (VIA 2018: "requested BTC withdrawals immediately") or after a delay
 * meant to look like an ordinary profit-taker (the mimic variant). At the end
 * they cancel what is left of their asks and sweep the rest.
 *
 * The first withdrawal request is the incident's harm point: an alert before
 * it leaves the exchange time to stop every withdrawal.
 *
 * A refused request (the exchange suspended the account's withdrawals) is
 * retried after retryDelayMs, doubling each time, at most maxRetries times;
 * then the account gives up, as a person would who writes to support instead.
 * Retrying on every new trade, as a script that ignores the refusal would,
 * floods the log with thousands of refusals no real attacker sends.
 */
import type { AccountId } from '../core/index.js';
import type { Agent, AgentContext, AgentInfo, MarketUpdate } from './agent.js';
import type { IncidentRecorder } from './truth-recorder.js';

export interface CashOutParams {
  /** The pumped symbol; proceeds are in its quote asset. */
  symbol: string;
  incident: { id: string; models: string };
  accounts: AccountId[];
  ips: string[];
  devices: string[];
  /** Outside addresses the proceeds go to (few: a linkage signal). */
  addresses: string[];
  /** Start watching for proceeds at this time (ms). */
  watchFrom: number;
  /** Wait this long after proceeds arrive before requesting (0: at once). */
  withdrawDelayMs: number;
  /** Smallest withdrawal worth requesting, quote units. */
  minWithdrawal: number;
  /** Cancel the leftover asks and sweep everything at this time (ms). */
  endAt: number;
  /** First retry after a refused request, ms; each further retry waits twice as long. */
  retryDelayMs: number;
  /** Retries of an account's refused requests before it stops asking (0: never retry). */
  maxRetries: number;
}

export const CASH_OUT_INFO: AgentInfo = {
  kind: 'cash-out',
  summary: "withdraws the attacker's proceeds to a few outside addresses, at once or after a delay; cancels leftover asks",
  params: {
    watchFrom: 'start watching for proceeds, ms',
    withdrawDelayMs: 'pause between proceeds arriving and the withdrawal request, ms',
    minWithdrawal: 'smallest withdrawal requested, quote units',
    endAt: 'time the leftover asks are cancelled and the rest swept, ms',
    addresses: 'outside withdrawal addresses',
    retryDelayMs: 'first retry after a refused request, ms (doubles each time)',
    maxRetries: 'retries of refused requests before an account gives up',
  },
};

const SWEEP = -1;

export class CashOut implements Agent {
  private incident!: IncidentRecorder;
  /** Per account: a withdrawal wake is already scheduled (or a retry is waiting). */
  private readonly scheduled: boolean[] = [];
  /** Per account: requests refused so far. */
  private readonly refused: number[] = [];

  constructor(
    readonly name: string,
    private readonly p: CashOutParams,
  ) {}

  start(ctx: AgentContext): void {
    this.incident = ctx.truth.incident(this.p.incident.id, 'attack', this.p.symbol, this.p.incident.models);
    this.p.accounts.forEach(() => {
      this.scheduled.push(false);
      this.refused.push(0);
    });
    ctx.subscribe(this.p.symbol);
    ctx.wakeAt(this.p.endAt, SWEEP);
  }

  onMarketData(ctx: AgentContext, update: MarketUpdate): void {
    if (ctx.now < this.p.watchFrom || ctx.now > this.p.endAt || update.trades.length === 0) return;
    const quote = ctx.exchange.symbolInfo(this.p.symbol).quote;
    this.p.accounts.forEach((account, i) => {
      if (this.scheduled[i] || this.gaveUp(i) || ctx.exchange.available(account, quote) < this.p.minWithdrawal) return;
      this.scheduled[i] = true;
      ctx.wakeIn(this.p.withdrawDelayMs, i);
    });
  }

  onWake(ctx: AgentContext, tag: number): void {
    if (tag === SWEEP) {
      this.sweep(ctx);
      return;
    }
    this.scheduled[tag] = false;
    this.withdraw(ctx, tag);
  }

  private gaveUp(i: number): boolean {
    return this.refused[i]! > this.p.maxRetries;
  }

  private withdraw(ctx: AgentContext, i: number): void {
    if (this.gaveUp(i)) return;
    const account = this.p.accounts[i]!;
    const ip = ctx.rng.pick(this.p.ips);
    const device = ctx.rng.pick(this.p.devices);
    const address = ctx.rng.pick(this.p.addresses);
    ctx.send('web', (ex) => {
      const quote = ex.symbolInfo(this.p.symbol).quote;
      const amount = ex.available(account, quote);
      if (amount < this.p.minWithdrawal) return;
      ex.requestWithdrawal(account, quote, amount, address, { channel: 'web', ip, device });
      this.incident.harmAt(ex.now);
      // An accepted request locks the amount at once; a refused one leaves it available.
      if (ex.available(account, quote) < amount) return;
      this.refused[i]!++;
      if (this.gaveUp(i) || this.scheduled[i]) return;
      this.scheduled[i] = true;
      ctx.wakeIn(this.p.retryDelayMs * 2 ** (this.refused[i]! - 1), i);
    });
  }

  /** End of the operation: cancel leftover asks, then withdraw what is left. */
  private sweep(ctx: AgentContext): void {
    this.p.accounts.forEach((account, i) => {
      ctx.send('web', (ex) => {
        for (const order of ex.openOrders(account)) ex.cancelOrder(account, order);
        this.incident.extend(ex.now);
      });
      this.withdraw(ctx, i);
    });
  }
}
