/**
 * composite: a configurable combination of other rules' alerts.
 *
 * Signal: per account and symbol, the alerts of distinct rules that named it
 * within `windowMs` are combined by noisy-OR, 1 - Π(1 - weight x score), each
 * rule counted once (its strongest alert in the window); symbol-level alerts
 * (no accounts named) count for every account on that symbol, and alerts
 * without a symbol for every symbol of the accounts they name. The composite
 * raises when the combination reaches `threshold` and at least `minRules`
 * distinct non-context rules contributed, naming the accounts that crossed
 * together, and again when an account's combination rises by `escalation`.
 * The runner forwards every kept alert of the other rules (`onAlert`); rule
 * names are plain strings, so the composite works with whatever rules (or
 * parameter variants, by their labels) a run has.
 *
 * Corroboration across accounts: in an attack, different rules name different
 * accounts (account-takeover names the victims, deposit-linkage the sellers),
 * each with one strong rule. So a non-context rule that named OTHER accounts
 * on the same symbol within `crossWindowMs` also counts, at
 * weight x `crossAccountWeight`, for an account whose own strongest rule is at
 * least `crossMinOwn` sure. That lets the composite alert at the first sale
 * into the victims' buying, before the attacker's withdrawal request, while
 * an account named weakly by one rule in the same burst (a follower) is not
 * lifted.
 *
 * Volume: the first alert on a symbol is raised at once; accounts that cross
 * afterwards are collected and raised together at most every `batchMs`, so an
 * incident gives a handful of alerts naming its accounts.
 *
 * Default combination: the rules that separate an attack from an organic pump
 * carry the weight: account-takeover and coordinated-burst (they name
 * victims), counterparty-concentration and deposit-linkage (they name the
 * attacker's selling accounts). The pump rules (rush-orders, price-volume,
 * ramping) fire on both stories, so they are context only: a low weight, and
 * they never count towards `minRules`.
 *
 * Source: CALIBRATION.md, "Detector families" (composite) and "Signals that
 * separate it": no single pump signal tells the stories apart; what separates
 * them is the conjunction (dormant keys + many unrelated buyers filled by few
 * sellers + coin deposited and withdrawn at once).
 *
 * Why it generalises: it asks two independent rules to agree on the same
 * account within minutes, so one rule's false alarm on a hard negative (copy
 * traders look coordinated; a market maker deposits and withdraws) is not
 * enough on its own.
 *
 * Known blind spots:
 * - it is never earlier than its second contributing rule (own or corroborating);
 * - corroboration trusts the upstream rule's one strong naming: an honest
 *   account named with high confidence by one rule while an attack runs on
 *   the same symbol is named by the composite too;
 * - an attack that only one rule sees (a slow drain without a burst) needs a
 *   lower `minRules` or that rule alone;
 * - accounts named only by different rules on different symbols are not
 *   combined (symbol-less alerts excepted);
 * - its score is only as good as the upstream scores' calibration: weights are
 *   judgement, not fitted.
 *
 * Files: this one takes the alerts, combines them per account and batches
 * what crosses; the parameters are in composite-params.ts, the hit, record
 * and combination types in composite-state.ts, evidence and explanation in
 * composite-explain.ts.
 */
import type { MarketEvent } from '../../core/index.js';
import type { Alert, AlertSink } from '../alert.js';
import { defineDetector, type Detector } from '../detector.js';
import type { AlertListener } from '../runner.js';
import { compositeEvidence, compositeExplanation } from './composite-explain.js';
import { compositeParams, type CompositeParams, type RuleWeight } from './composite-params.js';
import { ANY, type Combined, type Hit, type Rec } from './composite-state.js';

class Composite implements Detector, AlertListener {
  private readonly weights = new Map<string, RuleWeight>();
  private readonly recs = new Map<string, Rec>();
  /** Symbol-level hits (alerts naming nobody), per symbol. */
  private readonly symbolHits = new Map<string, Map<string, Hit>>();
  /** Per symbol, each rule's strongest alert that named accounts (corroboration for the others). */
  private readonly namedHits = new Map<string, Map<string, Hit>>();
  /** Records per symbol, for re-evaluation when a symbol-level hit arrives. */
  private readonly bySymbol = new Map<string, Set<string>>();
  private nextSweep = 0;
  /** Per symbol: accounts that crossed since the last composite alert there (raised at most every batchMs). */
  private readonly pending = new Map<string, { recs: Map<Rec, number>; top: Combined }>();
  private readonly lastRaise = new Map<string, number>();

  constructor(private readonly p: CompositeParams) {
    for (const r of p.rules) this.weights.set(r.rule, r);
  }

  /** Internal sizes, for tests of bounded state. */
  sizes(): Record<string, number> {
    return { records: this.recs.size, symbols: this.symbolHits.size, named: this.namedHits.size, bySymbol: this.bySymbol.size };
  }

  onEvent(e: MarketEvent, out: AlertSink): void {
    if (this.pending.size > 0) this.flush(e.t, e.seq, out);
    if (e.t >= this.nextSweep) {
      this.sweep(e.t);
      this.nextSweep = e.t + this.p.windowMs;
    }
  }

  onAlert(a: Alert, out: AlertSink): void {
    const w = this.weights.get(a.rule);
    if (w === undefined || a.score < w.minScore) return;
    const hit: Hit = { rule: w, score: a.score, t: a.t, seq: a.seq, evidence: a.evidence };
    const symbol = a.symbol ?? ANY;
    const touched: Rec[] = [];
    if (a.accounts.length === 0) {
      let m = this.symbolHits.get(symbol);
      if (m === undefined) {
        m = new Map();
        this.symbolHits.set(symbol, m);
      }
      if (this.keep(m, hit)) {
        for (const key of this.bySymbol.get(symbol) ?? []) {
          const r = this.recs.get(key);
          if (r !== undefined) touched.push(r);
        }
      }
    } else {
      if (this.p.crossAccountWeight > 0 && symbol !== ANY) {
        let m = this.namedHits.get(symbol);
        if (m === undefined) {
          m = new Map();
          this.namedHits.set(symbol, m);
        }
        // Corroboration grew for every account on the symbol.
        if (this.keep(m, hit)) {
          for (const key of this.bySymbol.get(symbol) ?? []) {
            const r = this.recs.get(key);
            if (r !== undefined) touched.push(r);
          }
        }
      }
      for (const account of a.accounts) {
        const r = this.rec(account, symbol, a.t);
        this.keep(r.hits, hit);
        r.lastT = a.t;
        touched.push(r);
        // An alert without a symbol counts for the account's records on every symbol.
        if (symbol === ANY) for (const other of this.recsOf(account)) if (other !== r) touched.push(other);
      }
    }
    this.evaluate(touched, a, out);
  }

  /** Keeps a rule's strongest hit within the window; true when that raised what the rule contributes. */
  private keep(m: Map<string, Hit>, hit: Hit): boolean {
    const old = m.get(hit.rule.rule);
    if (old === undefined || hit.t - old.t > this.p.windowMs || hit.score > old.score) {
      m.set(hit.rule.rule, hit);
      return true;
    }
    // As strong as before: refresh its time, the combination does not change.
    if (hit.score === old.score) m.set(hit.rule.rule, hit);
    return false;
  }

  private rec(account: number, symbol: string, t: number): Rec {
    const key = `${account}|${symbol}`;
    let r = this.recs.get(key);
    if (r === undefined) {
      r = { account, symbol, hits: new Map(), lastT: t, alerted: 0 };
      this.recs.set(key, r);
      let s = this.bySymbol.get(symbol);
      if (s === undefined) {
        s = new Set();
        this.bySymbol.set(symbol, s);
      }
      s.add(key);
      if (this.recs.size > this.p.maxRecords) {
        for (const [k, old] of this.recs) {
          if (this.recs.size <= this.p.maxRecords) break;
          this.drop(k, old);
        }
      }
    }
    return r;
  }

  /** The account's records on other symbols (few: an account is named on a handful of symbols at once). */
  private recsOf(account: number): Rec[] {
    const out: Rec[] = [];
    for (const [symbol, keys] of this.bySymbol) {
      if (symbol === ANY) continue;
      const r = this.recs.get(`${account}|${symbol}`);
      if (r !== undefined && keys.size > 0) out.push(r);
    }
    return out;
  }

  /** Noisy-OR over the distinct rules that named the record's account within the window ending at t. */
  private combine(r: Rec, t: number): Combined {
    const best = new Map<string, Hit>();
    const consider = (m: Map<string, Hit> | undefined) => {
      if (m === undefined) return;
      for (const h of m.values()) {
        if (t - h.t > this.p.windowMs) continue;
        const old = best.get(h.rule.rule);
        if (old === undefined || h.rule.weight * h.score > old.rule.weight * old.score) best.set(h.rule.rule, h);
      }
    };
    consider(r.hits);
    if (r.symbol !== ANY) {
      consider(this.recs.get(`${r.account}|${ANY}`)?.hits);
      consider(this.symbolHits.get(r.symbol));
    }
    let miss = 1;
    let rules = 0;
    const hits: Hit[] = [];
    for (const h of best.values()) {
      miss *= 1 - h.rule.weight * h.score;
      if (!h.rule.context) rules++;
      hits.push(h);
    }
    const own = rules;
    const cross = new Set<string>();
    const f = this.p.crossAccountWeight;
    let ownBest = 0;
    for (const h of hits) if (!h.rule.context) ownBest = Math.max(ownBest, h.rule.weight * h.score);
    if (f > 0 && r.symbol !== ANY && ownBest >= this.p.crossMinOwn) {
      for (const h of this.namedHits.get(r.symbol)?.values() ?? []) {
        if (best.has(h.rule.rule) || h.rule.context || t - h.t > this.p.crossWindowMs) continue;
        miss *= 1 - f * h.rule.weight * h.score;
        rules++;
        hits.push(h);
        cross.add(h.rule.rule);
      }
    }
    const eff = (h: Hit) => (cross.has(h.rule.rule) ? f : 1) * h.rule.weight * h.score;
    hits.sort((x, y) => eff(y) - eff(x) || x.rule.rule.localeCompare(y.rule.rule));
    return { score: 1 - miss, rules, own, hits, cross };
  }

  private evaluate(touched: Rec[], trigger: Alert, out: AlertSink): void {
    const p = this.p;
    const seen = new Set<Rec>();
    for (const r of touched) {
      if (seen.has(r)) continue;
      seen.add(r);
      const c = this.combine(r, trigger.t);
      if (c.score < p.threshold || c.rules < p.minRules || c.own < 1) continue;
      if (r.alerted > 0 && c.score < r.alerted + p.escalation) continue;
      r.alerted = c.score;
      let g = this.pending.get(r.symbol);
      if (g === undefined) {
        g = { recs: new Map(), top: c };
        this.pending.set(r.symbol, g);
      }
      g.recs.set(r, c.score);
      if (c.score >= g.top.score) g.top = c;
    }
    this.flush(trigger.t, trigger.seq, out);
  }

  /** Raises what is pending for each symbol whose last composite alert is at least batchMs old. */
  private flush(t: number, seq: number, out: AlertSink): void {
    const p = this.p;
    for (const [symbol, g] of this.pending) {
      const last = this.lastRaise.get(symbol);
      if (last !== undefined && t - last < p.batchMs) continue;
      this.pending.delete(symbol);
      this.lastRaise.set(symbol, t);
      const ranked = [...g.recs].sort((x, y) => y[1] - x[1] || x[0].account - y[0].account).slice(0, p.maxNamed);
      const accounts = [...new Set(ranked.map((x) => x[0].account))].sort((a, b) => a - b);
      const top = g.top;
      out.raise({
        t,
        seq,
        symbol: symbol === ANY ? null : symbol,
        accounts,
        score: top.score,
        evidence: compositeEvidence(top),
        explanation: compositeExplanation(top, accounts, symbol, t, p),
        subject: `composite|${symbol}|${accounts.join(',')}|${Math.round(top.score * 100)}`,
      });
    }
  }

  private drop(key: string, r: Rec): void {
    this.recs.delete(key);
    const s = this.bySymbol.get(r.symbol);
    if (s !== undefined) {
      s.delete(key);
      if (s.size === 0) this.bySymbol.delete(r.symbol);
    }
  }

  private sweep(t: number): void {
    const win = this.p.windowMs;
    for (const [k, r] of this.recs) if (t - r.lastT > win && !this.pending.get(r.symbol)?.recs.has(r)) this.drop(k, r);
    for (const [sym, last] of this.lastRaise) if (t - last > win) this.lastRaise.delete(sym);
    for (const hits of [this.symbolHits, this.namedHits]) {
      for (const [sym, m] of hits) {
        for (const [rule, h] of m) if (t - h.t > win) m.delete(rule);
        if (m.size === 0) hits.delete(sym);
      }
    }
  }
}

export const composite = defineDetector({
  name: 'composite',
  summary: 'noisy-OR of other rules that named the same account within minutes; raises when distinct rules agree',
  family: 'composite',
  needs: [],
  params: compositeParams,
  create: (p) => new Composite(p),
  inputs: (p) => p.rules.map((r) => r.rule),
});
