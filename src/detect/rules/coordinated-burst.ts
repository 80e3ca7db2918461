/**
 * coordinated-burst: many distinct accounts place same-side orders on one
 * symbol within seconds through one channel of control (the same third-party
 * platform, the same network /24, or the same device), and those accounts are
 * acting out of character.
 *
 * Signal. Orders are grouped per symbol and side by each source they carry:
 * platform, IP network (/24 for IPv4, /48 for IPv6), device fingerprint. Each
 * group keeps the accounts that ordered within the last `windowMs`. Every
 * account gets an unusualness u in [0,1] at its first order in the window,
 * from its own history ({@link AccountProfiles}, read before the order):
 *   u = noisy-or(0.8 x dormancy, 0.5 x new source, 0.35 x new symbol)
 * where dormancy is {@link keyDormancy} of its API key (0.6 x
 * {@link accountDormancy} for web/app orders), kept only from 0.5 up; new
 * source means a platform it never ordered through, a network it never used
 * (for platform orders: a network the platform never used), or a device it
 * never used, for an account with at least two earlier actions; new symbol
 * means a symbol it never ordered. For device groups u >= 0.6: one device
 * driving several accounts at once is out of character in itself. An account
 * that took part in an earlier burst episode of the same platform or network
 * group (familiar co-traders, e.g. the subscribers of one copy-trading signal)
 * has u lowered by `familiarDiscount`. An account is "unusual" when u >=
 * `unusualAt`. A group qualifies with at least `minAccounts` accounts, of which
 * at least `minUnusual`, and at least a share `minUnusualShare`, are unusual;
 * the score is size x tightness x unusual share:
 *   (1 - exp(-unusual / 4)) x (1 - 0.5 x span / windowMs) x (0.4 + 0.6 x unusual / accounts),
 * so it grows with the number of unusual accounts, with how tight in time they
 * are, and with how much of the group they make up. It names every account of
 * the group in the window (at most `maxNamed`).
 *
 * Source: CALIBRATION.md families "account takeover" and "rush orders"
 * (coordinated groups react 0.5-1 s apart within 3-8 s, La Morgia et al.
 * 2020), Binance VIA/BTC 2018 (victims' orders from the attacker's machines),
 * 3Commas 2022 (leaked keys used through the platform's servers).
 *
 * Why it generalises: coordination alone is common and honest (a platform fans
 * one signal out to its subscribers from a few servers; that is its job), so
 * the rule only alerts when the coordinated accounts are out of character,
 * judged against each account's own history, with no reliance on IP ranges,
 * platform names, ids or scenario constants. Honest copy-trading followers
 * (keys in routine use through that platform, from its usual servers) are
 * coordinated but not unusual: only "never traded this symbol" applies to them
 * (u = 0.35 < 0.5), so they do not alert (see the tests); the few whose key
 * happens never to have been used stay under `minUnusualShare`; repeated
 * signals of one group make them familiar as well. Device sharing is what
 * gives away an attacker's own accounts: pre-positioning asks from one device
 * on many accounts at once is a burst too (named before the pump starts).
 *
 * Blind spots: an attacker who paces victims more than `windowMs` apart per
 * source, or spreads orders over many unrelated IPs without a platform; leaked
 * keys that were in routine use (not unusual: only new symbol); attacks through
 * a platform with many unrelated routine users of it in the same window dilute
 * the unusual share (score lower, still alerts if enough unusual accounts);
 * burst alerts also land on the symbols victims are made to sell (a coordinated
 * dump of the majors is reported as such).
 *
 * Alerts: the first when a group qualifies (unless another group of the same
 * symbol and side just named the same accounts: one burst seen through its
 * device and its network is one alert); a new roster when it grew by
 * `regrowth`, or gained accounts and `updateMs` passed; a final roster at the
 * next sweep (at most `windowMs` later) when accounts joined after the last
 * alert; the same roster again after `repeatMs`.
 *
 * State: per symbol and side, sources used by one account only in the window
 * (a pooled record each: most sources), and groups for sources used by several
 * accounts, each a ring of at most `maxMembers` recent orders (starting at 8,
 * doubling) and a map of the accounts in the window;
 * empty groups are dropped by a sweep once per window of stream time; burst
 * memory per account is dropped after `familiarMs`. Work per order: at most
 * three group updates, amortised O(1).
 *
 * Needs: orders, accounts, sources. Uses when present: `keys` (key creation
 * times and sessions; without them a key never seen in `dormantMs` of memory
 * counts as dormant). "Never traded the symbol" means no order on it in the
 * account's profile (trades are not read, so a trade costs nothing here).
 *
 * Files: coordinated-burst-params.ts (parameters), -groups.ts (groups, burst
 * memory), -explain.ts (the alert's roster and sentence); the rule is here.
 */
import type { EventOf, MarketEvent } from '../../core/index.js';
import type { AlertSink } from '../alert.js';
import { defineDetector, type Detector } from '../detector.js';
import { AccountProfiles } from '../account-profile.js';
import { accountDormancy, keyDormancy } from '../dormancy.js';
import { coordinatedBurstParams, type CoordinatedBurstParams } from './coordinated-burst-params.js';
import { type BurstMemory, DORMANT, FAMILIAR, Group, type Kind, type Member, NEW_SOURCE, NEW_SYMBOL, NO_HISTORY, type Roster, SideGroups, type Single } from './coordinated-burst-groups.js';
import { draftAlert } from './coordinated-burst-explain.js';

class CoordinatedBurst implements Detector {
  private readonly profiles: AccountProfiles;
  private readonly symbols = new Map<string, { buy: SideGroups; sell: SideGroups; lastRoster: (Roster | null)[] }>();
  private readonly memory = new Map<number, BurstMemory>();
  private nextSweep = -1;
  private nextMemorySweep = 0;
  /** Single records not in use, for reuse. */
  private readonly pool: Single[] = [];
  private groupCount = 0;

  constructor(private readonly params: CoordinatedBurstParams) {
    this.profiles = new AccountProfiles({ trades: false, retentionMs: params.retentionMs });
  }

  /** For tests: groups alive and accounts with burst memory (both bounded). */
  get stateSize(): { groups: number; singles: number; memory: number; profiles: number } {
    let singles = 0;
    for (const sym of this.symbols.values())
      for (const sg of [sym.buy, sym.sell]) singles += sg.platformSingles.size + sg.networkSingles.size + sg.deviceSingles.size;
    return { groups: this.groupCount, singles, memory: this.memory.size, profiles: this.profiles.size };
  }

  onEvent(e: MarketEvent, out: AlertSink): void {
    if (e.type === 'order-accepted') this.onOrder(e, out);
    this.profiles.observe(e);
  }

  private onOrder(e: EventOf<'order-accepted'>, out: AlertSink): void {
    const prm = this.params;
    const t = e.t;
    if (this.nextSweep < 0) this.nextSweep = t + prm.windowMs;
    if (t >= this.nextSweep) this.sweep(e, out);
    let sym = this.symbols.get(e.symbol);
    if (sym === undefined) {
      sym = { buy: new SideGroups(), sell: new SideGroups(), lastRoster: [null, null] };
      this.symbols.set(e.symbol, sym);
    }
    const sg = e.side === 'buy' ? sym.buy : sym.sell;
    const r = this.profiles.get(e.account);
    // What is unusual about this account, whichever group it is judged in.
    let dorm = e.key !== null ? keyDormancy(this.profiles, r, e.key, t, prm.dormantMs, prm.wakeWindowMs) : 0.6 * accountDormancy(this.profiles, r, t, prm.dormantMs, prm.wakeWindowMs);
    if (dorm < 0.5) dorm = 0;
    const newSym = r === undefined || !r.knowsSymbol(e.symbol);
    const baseline = r !== undefined && r.actions >= 2;
    const noHistory = r === undefined || r.actions < 2;
    if (prm.byPlatform && e.platform !== null) {
      const fresh = baseline && !r.usedPlatform(e.platform);
      this.route(sg.platform, sg.platformSingles, 'platform', e.platform, e, dorm, fresh, newSym, noHistory, out);
    }
    if (prm.byNetwork) {
      const net = this.profiles.network(e.ip);
      const fresh =
        baseline && (e.platform !== null ? !this.profiles.platformUsesNetwork(e.platform, e.ip) && (this.profiles.platform(e.platform)?.orders ?? 0) >= 20 : !r.knowsNetwork(e.ip));
      this.route(sg.network, sg.networkSingles, 'network', net, e, dorm, fresh, newSym, noHistory, out);
    }
    if (prm.byDevice && e.device !== null) {
      const fresh = baseline && r.device(e.device) === undefined;
      this.route(sg.device, sg.deviceSingles, 'device', e.device, e, dorm, fresh, newSym, noHistory, out);
    }
  }

  /**
   * Sends an order to its group; a source used by one account only is kept as a pooled single, and
   * becomes a group when a second account uses it within the window.
   */
  private route(
    groups: Map<string, Group>,
    singles: Map<string, Single>,
    kind: Kind,
    value: string,
    e: EventOf<'order-accepted'>,
    dorm: number,
    fresh: boolean,
    newSym: boolean,
    noHistory: boolean,
    out: AlertSink,
  ): void {
    const prm = this.params;
    const t = e.t;
    let g = groups.get(value);
    if (g === undefined) {
      const one = singles.get(value);
      if (one === undefined || one.account === e.account || one.t < t - prm.windowMs) {
        const rec = one ?? this.pool.pop() ?? { account: 0, t: 0, seq: 0, dorm: 0, fresh: false, newSym: false, noHistory: false };
        rec.account = e.account;
        rec.t = t;
        rec.seq = e.seq;
        rec.dorm = dorm;
        rec.fresh = fresh;
        rec.newSym = newSym;
        rec.noHistory = noHistory;
        if (one === undefined) singles.set(value, rec);
        return;
      }
      // A second account: the source becomes a group, its first user the first member.
      singles.delete(value);
      g = new Group(kind, value, e.symbol, e.side, prm.maxMembers);
      groups.set(value, g);
      this.groupCount++;
      this.add(g, one.account, one.t, one.seq, one.dorm, one.fresh, one.newSym, one.noHistory, e, out);
      this.pool.push(one);
    }
    this.add(g, e.account, t, e.seq, dorm, fresh, newSym, noHistory, e, out);
  }

  private add(
    g: Group,
    account: number,
    t: number,
    seq: number,
    dorm: number,
    fresh: boolean,
    newSym: boolean,
    noHistory: boolean,
    e: EventOf<'order-accepted'>,
    out: AlertSink,
  ): void {
    const prm = this.params;
    this.expire(g, e.t - prm.windowMs);
    if (g.len === g.t.length && !g.grow()) this.dropOldest(g);
    const slot = (g.head + g.len) % g.t.length;
    g.t[slot] = t;
    g.account[slot] = account;
    g.len++;
    g.lastT = t;
    const m = g.members.get(account);
    if (m !== undefined) {
      m.count++;
      return;
    }
    let flags = (dorm > 0 ? DORMANT : 0) | (fresh ? NEW_SOURCE : 0) | (newSym ? NEW_SYMBOL : 0) | (noHistory ? NO_HISTORY : 0);
    let u = 1 - (1 - 0.8 * dorm) * (1 - (fresh ? 0.5 : 0)) * (1 - (newSym ? 0.35 : 0));
    // One device driving several accounts at once is itself out of character, and never routine.
    if (g.kind === 'device') u = Math.max(u, 0.6);
    else if (this.familiar(account, g, t)) {
      flags |= FAMILIAR;
      u *= 1 - prm.familiarDiscount;
    }
    const member: Member = { count: 1, u, flags, seq };
    g.members.set(account, member);
    if (g.raisedAt > 0) g.joinedSince++;
    this.count(g, member, 1);
    if (g.members.size >= prm.minAccounts) {
      if (!g.bursting) {
        g.bursting = true;
        for (const a of g.members.keys()) this.remember(a, g, t);
      } else this.remember(account, g, t);
      this.judge(g, e, out);
    }
  }

  private count(g: Group, m: Member, d: number): void {
    if (m.u >= this.params.unusualAt) g.unusual += d;
    if (m.flags & DORMANT) g.dormant += d;
    if (m.flags & NEW_SOURCE) g.newSource += d;
    if (m.flags & NEW_SYMBOL) g.newSymbol += d;
    if (m.flags & FAMILIAR) g.familiar += d;
    if (m.flags & NO_HISTORY) g.noHistory += d;
  }

  private expire(g: Group, from: number): void {
    while (g.len > 0 && g.t[g.head]! < from) this.dropOldest(g);
    if (g.members.size < this.params.minAccounts) g.bursting = false;
    if (g.members.size === 0) {
      // The episode is over (a window without any order): a later burst of this group starts afresh.
      g.raisedAt = 0;
      g.joinedSince = 0;
    }
  }

  private dropOldest(g: Group): void {
    const a = g.account[g.head]!;
    g.head = (g.head + 1) % g.t.length;
    g.len--;
    const m = g.members.get(a);
    if (m === undefined) return;
    if (--m.count === 0) {
      this.count(g, m, -1);
      g.members.delete(a);
    }
  }

  /** Whether the account took part in an earlier burst episode of the same group. */
  private familiar(account: number, g: Group, t: number): boolean {
    const m = this.memory.get(account);
    if (m === undefined) return false;
    const horizon = t - this.params.familiarMs;
    const gap = this.params.episodeGapMs;
    if (m.label === g.label && m.t >= horizon && t - m.t > gap) return true;
    return m.prevLabel === g.label && m.prevT >= horizon && t - m.prevT > gap;
  }

  private remember(account: number, g: Group, t: number): void {
    const label = g.label;
    const m = this.memory.get(account);
    if (m === undefined) {
      this.memory.set(account, { label, t, prevLabel: '', prevT: -1 });
      return;
    }
    if (m.label === label && t - m.t <= this.params.episodeGapMs) {
      m.t = t;
      return;
    }
    m.prevLabel = m.label;
    m.prevT = m.t;
    m.label = label;
    m.t = t;
  }

  private judge(g: Group, e: EventOf<'order-accepted'>, out: AlertSink): void {
    const prm = this.params;
    const n = g.members.size;
    if (g.unusual < prm.minUnusual || g.unusual < prm.minUnusualShare * n) return;
    const span = g.span();
    const score = this.score(g, span);
    if (score < prm.minScore) return;
    const named = Math.min(n, prm.maxNamed);
    if (g.raisedAt === 0 || named >= g.raisedAt * prm.regrowth || (g.joinedSince > 0 && e.t - g.raisedT >= prm.updateMs)) {
      // A new roster: grown by the regrowth factor, or new members and updateMs since the last alert.
      g.generation++;
      g.raisedAt = named;
    } else if (e.t - g.raisedT < prm.repeatMs) return;
    g.raisedT = e.t;
    g.joinedSince = 0;
    this.emit(g, e, score, span, out);
  }

  /**
   * Raises the group's roster, unless another group of the same symbol and side (e.g. the network of
   * a device group) named the same accounts or more within updateMs: one burst, one alert.
   */
  private emit(g: Group, e: EventOf<'order-accepted'>, score: number, span: number, out: AlertSink): void {
    const d = draftAlert(g, e, score, span, `burst|${g.label}|${g.symbol}|${g.side}|${g.generation}`, this.params);
    const key = g.side === 'buy' ? 0 : 1;
    const sym = this.symbols.get(g.symbol)!;
    const last = sym.lastRoster[key] ?? null;
    if (last !== null && last.group !== g && e.t - last.t < this.params.updateMs && d.accounts.every((a) => last.accounts.has(a))) return;
    sym.lastRoster[key] = { group: g, t: e.t, accounts: new Set(d.accounts) };
    out.raise(d);
  }

  /** Whether the group, as it stands, meets the thresholds of an alert. */
  private qualifies(g: Group): boolean {
    const prm = this.params;
    const n = g.members.size;
    if (n < prm.minAccounts || g.unusual < prm.minUnusual || g.unusual < prm.minUnusualShare * n) return false;
    return this.score(g, g.span()) >= prm.minScore;
  }

  /** Size x tightness x unusual share (see the header). */
  private score(g: Group, span: number): number {
    const w = this.params.windowMs;
    const size = 1 - Math.exp(-g.unusual / 4);
    const tight = 1 - (0.5 * Math.min(span, w)) / w;
    const share = 0.4 + (0.6 * g.unusual) / Math.max(1, g.members.size);
    return size * tight * share;
  }

  /**
   * Once per window of stream time: gives groups that gained accounts since their last alert a final
   * roster (so late joiners are named too), drops empty groups and stale burst memory.
   */
  private sweep(e: EventOf<'order-accepted'>, out: AlertSink): void {
    const prm = this.params;
    const t = e.t;
    this.nextSweep = t + prm.windowMs;
    const from = t - prm.windowMs;
    for (const sym of this.symbols.values()) {
      for (const sg of [sym.buy, sym.sell]) {
        for (const singles of [sg.platformSingles, sg.networkSingles, sg.deviceSingles]) {
          for (const [k, one] of singles) {
            if (one.t >= from) continue;
            singles.delete(k);
            this.pool.push(one);
          }
        }
        for (const map of [sg.platform, sg.network, sg.device]) {
          for (const [k, g] of map) {
            if (g.raisedAt > 0 && g.joinedSince > 0 && this.qualifies(g)) {
              g.generation++;
              g.raisedAt = Math.min(g.members.size, prm.maxNamed);
              g.raisedT = t;
              g.joinedSince = 0;
              const span = g.span();
              this.emit(g, e, this.score(g, span), span, out);
            }
            this.expire(g, from);
            if (g.len === 0 && t - g.lastT > prm.windowMs) {
              map.delete(k);
              this.groupCount--;
            }
          }
        }
      }
    }
    if (t >= this.nextMemorySweep) {
      this.nextMemorySweep = t + 3_600_000;
      const horizon = t - prm.familiarMs;
      for (const [a, m] of this.memory) if (m.t < horizon) this.memory.delete(a);
    }
  }
}

export const coordinatedBurst = defineDetector({
  name: 'coordinated-burst',
  summary: 'many accounts acting out of character order the same symbol and side within seconds through one platform, network or device',
  family: 'coordinated API burst',
  needs: ['orders', 'accounts', 'sources'],
  params: coordinatedBurstParams,
  create: (params) => new CoordinatedBurst(params),
});
