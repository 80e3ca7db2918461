/**
 * The closed loop: a simulation observer that feeds every event to a
 * DetectorRunner (so rules run on the live stream, inside the run) and turns
 * the alerts of a policy's trigger rules into exchange actions `reactionDelay`
 * later, through the observer API's `schedule`. It keeps a log of everything
 * it did: restrictions set and lifted, keys revoked and restored, orders
 * cancelled, halts, reversals, review verdicts.
 *
 * What it knows is what an exchange knows: alerts, and the event stream (which
 * key placed which order, which trades happened). It never reads the ground
 * truth; the reviewer it is given may (reviewer.ts).
 *
 * Which actions: the policy's `byRule` entry for the alert's rule, else its
 * `actions` (so keys named by a takeover rule can be revoked while sellers
 * named by a linkage rule have their withdrawals held).
 *
 * Cases: triggering alerts on one symbol less than `caseGap` apart are one
 * case (the engine's own notion of an incident). Within a case an account is
 * restricted once, reviewed once, and once lifted is not restricted again.
 */
import type { MarketEvent } from '../core/index.js';
import type { Alert, DetectorRunner } from '../detect/index.js';
import type { AccountRestriction, Exchange } from '../exchange/index.js';
import type { ResponsePolicy } from './policy.js';
import { actionsFor, ruleLabel } from './policy.js';
import type { Reviewer } from './reviewer.js';
import { type ActionKind, type ResponseAction, ActionLog } from './action-log.js';
import { KeyUsage } from './key-usage.js';
import { RecentTrades } from './recent-trades.js';

/** What the engine needs from the simulation (structurally the sim's ObserverApi; response may not import sim). */
export interface ResponseApi {
  readonly now: number;
  schedule(delayMs: number, action: (exchange: Exchange) => void): void;
}

export interface ResponseEngineOptions {
  /** The rules run here; the policy acts on the alerts of its trigger rules among them. */
  runner: DetectorRunner;
  /** Decides lifts after `policy.review.delay`; required when the policy has a review. */
  reviewer?: Reviewer;
}

interface Case {
  id: string;
  symbol: string | null;
  lastAlert: number;
  /** Every account named by a triggering alert of the case (for reversals: both sides flagged). */
  flagged: Set<number>;
  /** Accounts the review lifted: left alone for the rest of the case. */
  cleared: Set<number>;
  /** Account restrictions this case set and has not lifted, by account. */
  kinds: Map<number, AccountRestriction[]>;
  /** Keys this case revoked and has not restored, by owner. */
  keys: Map<number, number[]>;
  /** Accounts with a review scheduled or done. */
  reviewed: Set<number>;
  halted: boolean;
}

/** Account restrictions in the order they are applied (the strongest first). */
const ACCOUNT_ACTIONS: readonly { flag: 'freeze' | 'withdrawalOnly' | 'suspendWithdrawals'; kind: AccountRestriction; action: ActionKind }[] = [
  { flag: 'freeze', kind: 'frozen', action: 'freeze' },
  { flag: 'withdrawalOnly', kind: 'withdrawal-only', action: 'withdrawal-only' },
  { flag: 'suspendWithdrawals', kind: 'withdrawals-suspended', action: 'suspend-withdrawals' },
];

export class ResponseEngine {
  readonly log = new ActionLog();
  private readonly triggers: Set<string>;
  private readonly runner: DetectorRunner;
  private readonly reviewer: Reviewer | undefined;
  private readonly keyUsage = new KeyUsage();
  private readonly trades: RecentTrades | null;
  private readonly cases = new Map<string, Case>();
  private readonly caseCount = new Map<string, number>();
  private api: ResponseApi | null = null;

  constructor(
    readonly policy: ResponsePolicy,
    options: ResponseEngineOptions,
  ) {
    this.triggers = new Set(policy.trigger.rules.map(ruleLabel));
    this.runner = options.runner;
    this.reviewer = options.reviewer;
    if (policy.review !== undefined && this.reviewer === undefined) throw new Error(`policy ${policy.name} has a review: pass a reviewer`);
    // Trades are remembered only as long as a reversal could still reach them.
    const reverseAfter = Math.max(-1, ...[policy.actions, ...Object.values(policy.byRule ?? {})].map((a) => a.reverseTrades ?? -1));
    this.trades = reverseAfter < 0 ? null : new RecentTrades(policy.lookback + policy.reactionDelay + reverseAfter);
    this.runner.onAlert((alert) => this.onAlert(alert));
  }

  /** The Simulation observer hook: learn from the event, then let the rules see it. */
  onEvent(e: MarketEvent, api: ResponseApi): void {
    this.api = api;
    if (e.type === 'order-accepted') {
      if (e.key !== null) this.keyUsage.record(e.account, e.key, e.symbol, e.t);
    } else if (e.type === 'trade' && this.trades !== null) {
      const buyerIsTaker = e.aggressor === 'buy';
      this.trades.record(e.symbol, e.trade, e.t, buyerIsTaker ? e.takerAccount : e.makerAccount, buyerIsTaker ? e.makerAccount : e.takerAccount);
    }
    this.runner.onEvent(e);
  }

  /** Cases opened so far. */
  get caseTotal(): number {
    let n = 0;
    for (const k of this.caseCount.values()) n += k;
    return n;
  }

  private onAlert(alert: Alert): void {
    if (!this.triggers.has(alert.rule) || alert.score < this.policy.trigger.minScore) return;
    const api = this.api;
    if (api === null) return; // an alert before the run started cannot be acted on
    const c = this.caseFor(alert);
    const named = [...new Set(alert.accounts)].sort((x, y) => x - y);
    for (const a of named) c.flagged.add(a);
    const cause = `${alert.rule}@${alert.t}`;
    api.schedule(this.policy.reactionDelay, (ex) => this.act(ex, c, alert, named, cause));
  }

  private caseFor(alert: Alert): Case {
    const key = alert.symbol ?? '*';
    const open = this.cases.get(key);
    if (open !== undefined && alert.t - open.lastAlert < this.policy.caseGap) {
      open.lastAlert = alert.t;
      return open;
    }
    const n = (this.caseCount.get(key) ?? 0) + 1;
    this.caseCount.set(key, n);
    const c: Case = {
      id: `${key}#${n}`,
      symbol: alert.symbol,
      lastAlert: alert.t,
      flagged: new Set(),
      cleared: new Set(),
      kinds: new Map(),
      keys: new Map(),
      reviewed: new Set(),
      halted: false,
    };
    this.cases.set(key, c);
    return c;
  }

  private act(ex: Exchange, c: Case, alert: Alert, named: readonly number[], cause: string): void {
    const p = this.policy;
    const a = actionsFor(p, alert.rule);
    const now = ex.now;
    const base = { case: c.id, symbol: c.symbol, cause };
    if (a.haltSymbol !== undefined && c.symbol !== null && !c.halted) {
      const symbol = c.symbol;
      c.halted = true;
      const applied = ex.haltSymbol(symbol, `policy ${p.name}: ${cause}`);
      this.log.add({ ...base, t: now, kind: 'halt', applied });
      this.schedule((ex2) => {
        const resumed = ex2.resumeSymbol(symbol, `policy ${p.name}: halt of ${a.haltSymbol}ms over`);
        this.log.add({ ...base, t: ex2.now, kind: 'resume', applied: resumed });
        c.halted = false;
      }, a.haltSymbol);
    }
    for (const account of named) {
      if (c.cleared.has(account)) continue;
      let touched = false;
      for (const { flag, kind, action } of ACCOUNT_ACTIONS) {
        if (!a[flag]) continue;
        const set = c.kinds.get(account) ?? [];
        if (set.includes(kind)) continue;
        const applied = ex.restrictAccount(account as never, kind, `policy ${p.name}: ${cause}`);
        if (applied) {
          set.push(kind);
          c.kinds.set(account, set);
          touched = true;
        }
        this.log.add({ ...base, t: now, kind: action, account, applied });
      }
      if (a.revokeKeys) {
        const revoked = c.keys.get(account) ?? [];
        for (const key of this.keyUsage.keysOf(account, c.symbol, alert.t - p.lookback)) {
          if (revoked.includes(key)) continue;
          const applied = ex.revokeKey(key as never, `policy ${p.name}: ${cause}`);
          if (applied) {
            revoked.push(key);
            c.keys.set(account, revoked);
            touched = true;
          }
          this.log.add({ ...base, t: now, kind: 'revoke-key', account, key, applied });
        }
      }
      if (a.cancelOrders) {
        let cancelled = 0;
        for (const order of ex.openOrders(account as never)) if (ex.cancelOrder(account as never, order, 'restriction') === null) cancelled++;
        if (cancelled > 0) this.log.add({ ...base, t: now, kind: 'cancel-orders', account, applied: true, count: cancelled });
      }
      if (touched && p.review !== undefined && !c.reviewed.has(account)) {
        c.reviewed.add(account);
        this.schedule((ex2) => this.review(ex2, c, account), p.review.delay);
      }
    }
    if (a.reverseTrades !== undefined && named.length > 0) {
      const since = alert.t - p.lookback;
      this.schedule((ex2) => this.reverse(ex2, c, since, cause), a.reverseTrades);
    }
  }

  /** Reverses the case's trades whose buyer and seller were both flagged (by now). */
  private reverse(ex: Exchange, c: Case, since: number, cause: string): void {
    if (c.symbol === null || this.trades === null) return;
    for (const t of this.trades.between(c.symbol, since, ex.now)) {
      if (t.reversed || !c.flagged.has(t.buyer) || !c.flagged.has(t.seller)) continue;
      t.reversed = true;
      const out = ex.reverseTrade(t.id as never);
      const base = { case: c.id, symbol: c.symbol, cause, t: ex.now, kind: 'reverse-trade' as const, trade: t.id };
      if (typeof out === 'string') this.log.add({ ...base, applied: false, note: out });
      else this.log.add({ ...base, applied: true, reversal: out, buyer: t.buyer, seller: t.seller });
    }
  }

  private review(ex: Exchange, c: Case, account: number): void {
    const v = this.reviewer!.review(account, c.id);
    const base = { case: c.id, symbol: c.symbol, cause: 'review', t: ex.now, account };
    this.log.add({ ...base, kind: v.liftAccount ? 'lift' : 'keep', applied: true, correct: v.correct });
    if (v.liftAccount) {
      c.cleared.add(account);
      for (const kind of c.kinds.get(account) ?? []) {
        const applied = ex.liftAccountRestriction(account as never, kind, `policy ${this.policy.name}: lifted after review`);
        this.log.add({ ...base, kind: `lift-${kind}` as ActionKind, applied });
      }
      c.kinds.delete(account);
    }
    if (v.restoreKeys) {
      for (const key of c.keys.get(account) ?? []) {
        const applied = ex.restoreKey(key as never, `policy ${this.policy.name}: restored after review`);
        this.log.add({ ...base, kind: 'restore-key', key, applied });
      }
      c.keys.delete(account);
    }
  }

  private schedule(action: (ex: Exchange) => void, delayMs: number): void {
    this.api!.schedule(delayMs, action);
  }
}

export type { ResponseAction };
