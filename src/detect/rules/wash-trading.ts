/**
 * wash-trading: trades that change nobody's position.
 *
 * Signal: (1) self-matching, the same account on both sides of a trade,
 * repeated: `minSelfMatches` distinct taker orders of one account that matched
 * its own resting orders within `windowMs`; (2) trades between linked accounts
 * (sharing a device, a non-shared IP, or a deposit/withdrawal address, seen in
 * logins, orders and transfers) that go both ways and net out: at least
 * `minPairTrades` trades within `windowMs`, at least `minEachWay` in each
 * direction, and a net quantity of at most `maxNetShare` of the gross. Names
 * the account (self) or the pair.
 *
 * Source: CALIBRATION.md, detector family "wash trading, spoofing" (a
 * specificity control: fires on neither story), and the usual exchange
 * definition of wash trades (EU MAR annex I: transactions with no change in
 * beneficial interest).
 *
 * Why it generalises: it asks for the defining property, no change in position,
 * not for any scenario feature. Both stories move positions one way: victims
 * and followers only buy, attackers and makers only sell to them, so even
 * where accounts are linked (a phisher's device on its victims' logins) the
 * flow is one-way and the rule stays silent. A one-off accidental self-match
 * (a market order that crosses its owner's forgotten limit) is below the
 * repeat threshold.
 *
 * Known blind spots:
 * - wash rings of unlinked accounts (fresh devices, IPs and wallets per
 *   account), or linked through what this rule does not see (KYC, bank
 *   accounts, chain analysis beyond the deposit address);
 * - an IP, device or address seen on more than `maxAccountsPerToken` accounts
 *   is treated as shared infrastructure (NAT, a platform's servers, a
 *   custodial wallet) and links nobody, so a ring of many accounts on one
 *   device hides in the crowd;
 * - windows are tumbling per account or pair (started by the first trade), so
 *   a pattern split across a window boundary needs its thresholds in each half;
 * - orders sent through a third-party platform carry the platform's IP, which
 *   is not a user identity and is ignored.
 */
import { z } from 'zod';
import type { EventOf, MarketEvent } from '../../core/index.js';
import type { AlertSink } from '../alert.js';
import { defineDetector, type Detector } from '../detector.js';

export const washTradingParams = z.object({
  /** Window over which self-matches and pair trades are counted (ms, tumbling per account or pair). */
  windowMs: z.number().int().positive().default(60 * 60_000),
  /** Self-matching taker orders of one account within the window that raise an alert (count). */
  minSelfMatches: z.number().int().positive().default(3),
  /** Trades between two linked accounts within the window that raise an alert (count). */
  minPairTrades: z.number().int().positive().default(4),
  /** Trades required in each direction between the pair (count). */
  minEachWay: z.number().int().positive().default(2),
  /** Largest net quantity, as a share of the gross quantity the pair traded, that still counts as no position change (0..1). */
  maxNetShare: z.number().min(0).max(1).default(0.2),
  /** An IP, device or address seen on more accounts than this is shared infrastructure, not a link (count). */
  maxAccountsPerToken: z.number().int().positive().default(8),
  /** How long an identity observation (IP, device, address) links accounts (ms). */
  linkTtlMs: z.number().int().positive().default(7 * 24 * 3_600_000),
  /** Identities remembered per account (most recent kept). */
  tokensPerAccount: z.number().int().positive().default(8),
  /** Accounts whose identities are remembered at most (oldest dropped first). */
  maxAccounts: z.number().int().positive().default(200_000),
  /** Accounts and pairs with open wash windows kept at most (oldest dropped first). */
  maxOpen: z.number().int().positive().default(20_000),
});
export type WashTradingParams = z.output<typeof washTradingParams>;

const MAX_EVIDENCE = 20;
const SWEEP_MS = 10 * 60_000;

/** One identity (IP, device or address) and the accounts seen with it. */
interface Token {
  key: string;
  accounts: number[];
  t: number;
  infra: boolean;
}

interface Ident {
  tokens: Token[];
  lastIp: string;
  lastDevice: string | null;
  t: number;
}

interface SelfWin {
  account: number;
  symbol: string;
  start: number;
  lastT: number;
  /** Distinct self-matching taker orders. */
  orders: number;
  lastOrder: number;
  trades: number;
  lots: number;
  quoteUnits: number;
  evidence: number[];
  alerted: number;
}

interface PairWin {
  a: number;
  b: number;
  symbol: string;
  start: number;
  lastT: number;
  /** Lots a bought from b, and b from a. */
  aBought: number;
  bBought: number;
  nA: number;
  nB: number;
  quoteUnits: number;
  evidence: number[];
  alerted: number;
  via: string;
}

class WashTrading implements Detector {
  private readonly tokens = new Map<string, Token>();
  private readonly idents = new Map<number, Ident>();
  private readonly selfWins = new Map<number, SelfWin>();
  private readonly pairWins = new Map<string, PairWin>();
  private nextSweep = 0;

  constructor(private readonly p: WashTradingParams) {}

  /** Internal sizes, for tests of bounded state. */
  sizes(): Record<string, number> {
    return { tokens: this.tokens.size, idents: this.idents.size, selfWins: this.selfWins.size, pairWins: this.pairWins.size };
  }

  onEvent(e: MarketEvent, out: AlertSink): void {
    switch (e.type) {
      case 'trade':
        if (e.makerAccount === e.takerAccount) this.onSelf(e, out);
        else this.onPair(e, out);
        break;
      case 'order-accepted':
        // A platform's servers place orders for many users: their IP is nobody's identity.
        this.see(e.account, e.platform === null ? e.ip : null, e.device, e.t);
        break;
      case 'login':
        this.see(e.account, e.ip, e.device, e.t);
        break;
      case 'withdrawal-request':
        this.see(e.account, e.platform === null ? e.ip : null, e.device, e.t);
        this.addToken(e.account, `a:${e.address}`, e.t);
        break;
      case 'deposit':
        this.addToken(e.account, `a:${e.address}`, e.t);
        break;
      default:
        break;
    }
    if (e.t >= this.nextSweep) {
      this.sweep(e.t);
      this.nextSweep = e.t + SWEEP_MS;
    }
  }

  /** Records the IP and device an account acted from; cheap when they did not change. */
  private see(account: number, ip: string | null, device: string | null, t: number): void {
    const id = this.idents.get(account);
    if (id !== undefined && (ip === null || id.lastIp === ip) && (device === null || id.lastDevice === device)) {
      id.t = t;
      return;
    }
    if (ip !== null) this.addToken(account, `i:${ip}`, t);
    if (device !== null) this.addToken(account, `d:${device}`, t);
    const cur = this.idents.get(account);
    if (cur !== undefined) {
      if (ip !== null) cur.lastIp = ip;
      if (device !== null) cur.lastDevice = device;
    }
  }

  private addToken(account: number, key: string, t: number): void {
    const p = this.p;
    let id = this.idents.get(account);
    if (id === undefined) {
      id = { tokens: [], lastIp: '', lastDevice: null, t };
      this.idents.set(account, id);
      if (this.idents.size > p.maxAccounts) dropOldest(this.idents, p.maxAccounts);
    }
    id.t = t;
    let tok = this.tokens.get(key);
    if (tok === undefined) {
      tok = { key, accounts: [], t, infra: false };
      this.tokens.set(key, tok);
      if (this.tokens.size > p.maxAccounts * 2) dropOldest(this.tokens, p.maxAccounts * 2);
    }
    tok.t = t;
    if (!tok.infra && !tok.accounts.includes(account)) {
      if (tok.accounts.length >= p.maxAccountsPerToken) {
        tok.infra = true;
        tok.accounts.length = 0;
      } else tok.accounts.push(account);
    }
    const i = id.tokens.indexOf(tok);
    if (i >= 0) return;
    id.tokens.push(tok);
    if (id.tokens.length > p.tokensPerAccount) id.tokens.shift();
  }

  /** The identity two accounts share (not infrastructure, still fresh), or null. */
  private sharedToken(a: number, b: number, t: number): Token | null {
    const x = this.idents.get(a);
    if (x === undefined) return null;
    const y = this.idents.get(b);
    if (y === undefined) return null;
    const ttl = this.p.linkTtlMs;
    for (const tok of x.tokens) {
      if (tok.infra || t - tok.t > ttl) continue;
      if (y.tokens.includes(tok) && tok.accounts.includes(a) && tok.accounts.includes(b)) return tok;
    }
    return null;
  }

  private onSelf(e: EventOf<'trade'>, out: AlertSink): void {
    const p = this.p;
    let w = this.selfWins.get(e.makerAccount);
    if (w === undefined || e.t - w.start > p.windowMs || w.symbol !== e.symbol) {
      if (w !== undefined) this.selfWins.delete(e.makerAccount);
      w = { account: e.makerAccount, symbol: e.symbol, start: e.t, lastT: e.t, orders: 0, lastOrder: -1, trades: 0, lots: 0, quoteUnits: 0, evidence: [], alerted: 0 };
      this.selfWins.set(e.makerAccount, w);
      if (this.selfWins.size > p.maxOpen) dropOldest(this.selfWins, p.maxOpen);
    }
    w.lastT = e.t;
    w.trades++;
    w.lots += e.qty;
    w.quoteUnits += e.quoteQty;
    if (w.evidence.length < MAX_EVIDENCE) w.evidence.push(e.seq);
    if (e.takerOrder !== w.lastOrder) {
      w.orders++;
      w.lastOrder = e.takerOrder;
    }
    if (w.orders < p.minSelfMatches || w.orders <= w.alerted) return;
    // Graded: 0.4 at the threshold, towards 1 as the self-matches repeat.
    const score = 1 - 0.6 * (p.minSelfMatches / w.orders);
    if (w.alerted > 0 && score < selfScore(p.minSelfMatches, w.alerted) + 0.1) return;
    w.alerted = w.orders;
    const mins = ((e.t - w.start) / 60_000).toFixed(1);
    out.raise({
      t: e.t,
      seq: e.seq,
      symbol: e.symbol,
      accounts: [e.makerAccount],
      score,
      evidence: w.evidence.slice(),
      explanation:
        `account ${e.makerAccount} matched its own orders ${w.orders} times (${w.trades} trades, ${w.lots} lots, ` +
        `${w.quoteUnits} quote units) on ${e.symbol} within ${mins} min: no change in position`,
      subject: `wash-trading|self|${e.symbol}|${e.makerAccount}|${w.start}|${Math.round(score * 100)}`,
    });
  }

  private onPair(e: EventOf<'trade'>, out: AlertSink): void {
    const maker = e.makerAccount;
    const taker = e.takerAccount;
    const tok = this.sharedToken(maker, taker, e.t);
    if (tok === null) return;
    const p = this.p;
    const a = maker < taker ? maker : taker;
    const b = maker < taker ? taker : maker;
    const key = `${a}|${b}|${e.symbol}`;
    let w = this.pairWins.get(key);
    if (w === undefined || e.t - w.start > p.windowMs) {
      if (w !== undefined) this.pairWins.delete(key);
      w = { a, b, symbol: e.symbol, start: e.t, lastT: e.t, aBought: 0, bBought: 0, nA: 0, nB: 0, quoteUnits: 0, evidence: [], alerted: 0, via: tok.key };
      this.pairWins.set(key, w);
      if (this.pairWins.size > p.maxOpen) dropOldest(this.pairWins, p.maxOpen);
    }
    const buyer = e.aggressor === 'buy' ? taker : maker;
    if (buyer === a) {
      w.aBought += e.qty;
      w.nA++;
    } else {
      w.bBought += e.qty;
      w.nB++;
    }
    w.lastT = e.t;
    w.quoteUnits += e.quoteQty;
    if (w.evidence.length < MAX_EVIDENCE) w.evidence.push(e.seq);
    const n = w.nA + w.nB;
    if (n < p.minPairTrades || w.nA < p.minEachWay || w.nB < p.minEachWay) return;
    const gross = w.aBought + w.bBought;
    const net = Math.abs(w.aBought - w.bBought);
    const netShare = gross === 0 ? 1 : net / gross;
    if (netShare > p.maxNetShare) return;
    // Graded by repetition and by how closely the flows cancel.
    const score = (1 - 0.6 * (p.minPairTrades / n)) * (1 - 0.5 * netShare);
    if (w.alerted > 0 && score < w.alerted + 0.1) return;
    w.alerted = score;
    const kind = w.via.startsWith('d:') ? 'a device' : w.via.startsWith('i:') ? 'an IP address' : 'a wallet address';
    out.raise({
      t: e.t,
      seq: e.seq,
      symbol: e.symbol,
      accounts: [a, b],
      score,
      evidence: w.evidence.slice(),
      explanation:
        `accounts ${a} and ${b} (sharing ${kind}) traded ${e.symbol} with each other ${n} times within ` +
        `${((e.t - w.start) / 60_000).toFixed(1)} min: ${a} bought ${w.aBought} lots in ${w.nA} trades, ${b} bought ${w.bBought} lots in ${w.nB}; ` +
        `net ${net} lots (${(netShare * 100).toFixed(0)}% of gross)`,
      subject: `wash-trading|pair|${e.symbol}|${a}|${b}|${w.start}|${Math.round(score * 100)}`,
    });
  }

  private sweep(t: number): void {
    const p = this.p;
    for (const [k, w] of this.selfWins) if (t - w.lastT > p.windowMs) this.selfWins.delete(k);
    for (const [k, w] of this.pairWins) if (t - w.lastT > p.windowMs) this.pairWins.delete(k);
    for (const [k, tok] of this.tokens) if (t - tok.t > p.linkTtlMs) this.tokens.delete(k);
    for (const [k, id] of this.idents) {
      if (t - id.t > p.linkTtlMs) this.idents.delete(k);
      else if (id.tokens.some((x) => t - x.t > p.linkTtlMs)) id.tokens = id.tokens.filter((x) => t - x.t <= p.linkTtlMs);
    }
  }
}

const selfScore = (min: number, orders: number) => 1 - 0.6 * (min / orders);

function dropOldest<K, V>(m: Map<K, V>, cap: number): void {
  for (const k of m.keys()) {
    if (m.size <= cap) break;
    m.delete(k);
  }
}

export const washTrading = defineDetector({
  name: 'wash-trading',
  summary: 'repeated self-matching, or linked accounts trading back and forth with no net position change',
  family: 'wash trading',
  needs: ['trades', 'accounts'],
  params: washTradingParams,
  create: (p) => new WashTrading(p),
});
