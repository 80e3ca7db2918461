import {
  type Channel,
  type EventOf,
  type MarketEvent,
  type RandomStream,
  streamFor,
} from '../core/index.js';
import type { OrderBook } from '../book/index.js';
import { Exchange, type ExchangeOptions } from '../exchange/index.js';
import { type Agent, type AgentContext, type MarketUpdate, TruthRecorder } from '../agents/index.js';
import { EventQueue } from './event-queue.js';
import { DEFAULT_LATENCY, type LatencyModel } from './latency.js';

export interface SimulationOptions {
  /** The scenario seed; every agent's stream derives from it and the agent's name. */
  seed: number;
  /** Nothing scheduled after this sim time (ms) runs. */
  endTime: number;
  latency?: LatencyModel;
  /** Delay between a change on a book and subscribers hearing of it. */
  marketDataDelayMs?: number;
  exchange?: ExchangeOptions;
}

/** Something outside the market that watches every event and may act on the exchange (a response policy). */
export interface Observer {
  onEvent(event: MarketEvent, api: ObserverApi): void;
}

export interface ObserverApi {
  readonly now: number;
  /** Runs `action` on the exchange `delayMs` from now. */
  schedule(delayMs: number, action: (exchange: Exchange) => void): void;
}

export interface RunStats {
  events: number;
  endTime: number;
  /** Entries the agenda ran: wakes, order arrivals, market-data deliveries. */
  steps: number;
}

/** Per-symbol market-data state: trades not yet delivered and the last top of book sent. */
interface Feed {
  symbol: string;
  book: OrderBook | null;
  subscribers: AgentSlot[];
  /** Trades since the last delivery. */
  trades: EventOf<'trade'>[];
  /** The other of two arrays that take turns as `trades` (no new array per delivery). */
  spare: EventOf<'trade'>[];
  /** The update handed to subscribers, reused: it is theirs only during the call. */
  update: { symbol: string; trades: EventOf<'trade'>[]; bestBid: number; bestAsk: number };
  bestBid: number;
  bestAsk: number;
  pending: boolean;
  touched: boolean;
}

/** Agenda entry kinds. */
const WAKE = 0;
const ACTION = 1;
const DELIVER = 2;
/** A request sent with `ctx.sendTag` arrives: the agent's `onArrive`. */
const ARRIVE = 3;

/**
 * An agent's place in the simulation, which is also its context: a class,
 * so that `ctx.now`, `ctx.wakeIn` and the rest are one getter and one method
 * for every agent, which the compiler inlines (closures and getters made per
 * agent in an object literal are a generic lookup and call on every use).
 * The agent's handlers are bound once, so the agenda calls one property of
 * one shape instead of reading a method off a dozen agent classes.
 */
class AgentSlot implements AgentContext {
  readonly onWake: (ctx: AgentContext, tag: number) => void;
  readonly onArrive: (ctx: AgentContext, tag: number) => void;
  readonly onMarketData: (ctx: AgentContext, update: MarketUpdate) => void;
  readonly exchange: Exchange;
  readonly truth: TruthRecorder;

  constructor(
    private readonly sim: Simulation,
    readonly agent: Agent,
    readonly rng: RandomStream,
  ) {
    this.onWake = agent.onWake?.bind(agent) ?? ignore;
    this.onArrive = agent.onArrive?.bind(agent) ?? ignore;
    this.onMarketData = agent.onMarketData?.bind(agent) ?? ignore;
    this.exchange = sim.exchange;
    this.truth = sim.truth;
  }

  get now(): number {
    return this.sim.now;
  }

  wakeAt(t: number, tag = 0): void {
    this.sim.at(Math.round(t), WAKE, this, tag);
  }

  wakeIn(dt: number, tag = 0): void {
    this.sim.at(this.sim.now + Math.max(0, Math.round(dt)), WAKE, this, tag);
  }

  subscribe(symbol: string): void {
    const feed = this.sim.feed(symbol);
    if (!feed.subscribers.includes(this)) feed.subscribers.push(this);
  }

  send(channel: Channel, action: (exchange: Exchange) => void): void {
    this.sim.at(this.sim.now + this.sim.delayOf(channel, this.rng), ACTION, action);
  }

  sendTag(channel: Channel, tag: number): void {
    if (this.onArrive === ignore) throw new Error(`agent ${this.agent.name} uses sendTag but has no onArrive`);
    this.sim.at(this.sim.now + this.sim.delayOf(channel, this.rng), ARRIVE, this, tag);
  }
}

function ignore(): void {}

/**
 * The discrete-event simulation: one agenda ordered by (time, sequence), one
 * exchange, agents that wake on timers and on market data, and observers.
 *
 * Order of things at one instant: deposits and withdrawals due at or before
 * the next agenda entry are processed first (at their own due times), then the
 * entry runs. After each step, symbols whose trades or top of book changed get
 * one market-data delivery scheduled `marketDataDelayMs` later, carrying every
 * trade since the last delivery, so a burst of trades wakes each subscriber
 * once rather than once per trade.
 */
export class Simulation {
  readonly exchange: Exchange;
  readonly truth = new TruthRecorder();
  private readonly queue = new EventQueue();
  private readonly slots: AgentSlot[] = [];
  private readonly names = new Set<string>();
  private readonly feeds = new Map<string, Feed>();
  /** Feeds touched since the last step: the first nTouched entries (a count, not `length = 0`, which is a runtime call on every step). */
  private readonly touched: Feed[] = [];
  private nTouched = 0;
  /** The feed found last: nearly every event is on the same symbol as the one before. */
  private lastFeed: Feed | null = null;
  private readonly listeners: ((e: MarketEvent) => void)[] = [];
  private readonly observers: Observer[] = [];
  private readonly observerApi: ObserverApi;
  private readonly latency: LatencyModel;
  private readonly mdDelay: number;
  /** Current sim time (ms). */
  private time = 0;
  private started = false;
  private finished = false;
  /** Events emitted while the scenario was being set up, delivered when the run starts. */
  private readonly setup: MarketEvent[] = [];
  private steps = 0;

  constructor(private readonly options: SimulationOptions) {
    this.latency = options.latency ?? DEFAULT_LATENCY;
    this.mdDelay = options.marketDataDelayMs ?? 20;
    this.exchange = new Exchange((e) => this.onExchangeEvent(e), options.exchange);
    const sim = this;
    this.observerApi = {
      get now() {
        return sim.time;
      },
      schedule: (delayMs, action) => this.at(this.time + Math.max(0, Math.round(delayMs)), ACTION, action),
    };
  }

  /** Current sim time (ms). */
  get now(): number {
    return this.time;
  }

  /** Receives every event, in order (an event-log writer, a collector, a detector runner). */
  onEvent(listener: (e: MarketEvent) => void): void {
    this.listeners.push(listener);
  }

  addObserver(observer: Observer): void {
    this.observers.push(observer);
  }

  addAgent(agent: Agent): void {
    if (this.started) throw new Error('agents must be added before the run starts');
    if (this.names.has(agent.name)) throw new Error(`two agents are named ${agent.name}`);
    this.names.add(agent.name);
    this.slots.push(new AgentSlot(this, agent, streamFor(this.options.seed, 'agent', agent.name)));
  }

  /** Runs to `endTime` (or until nothing is left to do). */
  run(): RunStats {
    while (!this.advance(Infinity));
    return this.stats();
  }

  /**
   * Runs at most `maxSteps` agenda entries; returns true when the run is over.
   * Lets a caller that writes events to a stream pause between slices to let
   * the stream drain, so memory stays bounded however long the run.
   */
  advance(maxSteps: number): boolean {
    if (!this.started) {
      this.started = true;
      for (const e of this.setup) this.dispatch(e);
      this.setup.length = 0;
      for (const s of this.slots) s.agent.start(s);
      this.afterStep();
    }
    if (this.finished) return true;
    const end = this.options.endTime;
    const ex = this.exchange;
    for (let n = 0; n < maxSteps; n++) {
      const t = this.queue.peekTime();
      const next = t <= end ? t : end;
      let due = ex.nextDue();
      while (due <= next) {
        this.time = due;
        ex.advanceTo(due);
        this.afterStep();
        due = ex.nextDue();
      }
      if (t > end) {
        this.finished = true;
        return true;
      }
      const q = this.queue;
      q.next();
      this.time = q.t;
      ex.advanceTo(q.t);
      switch (q.kind) {
        case WAKE: {
          const slot = q.target as AgentSlot;
          slot.onWake(slot, q.tag);
          break;
        }
        case ARRIVE: {
          const slot = q.target as AgentSlot;
          slot.onArrive(slot, q.tag);
          break;
        }
        case ACTION:
          (q.target as (exchange: Exchange) => void)(ex);
          break;
        default:
          this.deliver(q.target as Feed);
      }
      this.afterStep();
      this.steps++;
    }
    return false;
  }

  stats(): RunStats {
    return { events: this.exchange.eventCount, endTime: this.time, steps: this.steps };
  }

  /** Schedules an agenda entry (not before now). Internal: for AgentSlot and the observer API. */
  at(t: number, kind: number, target: unknown, tag = 0): void {
    this.queue.push(t < this.time ? this.time : t, kind, target, tag);
  }

  /** The channel's latency plus jitter drawn from the sender's stream. */
  delayOf(channel: Channel, rng: RandomStream): number {
    // Not latency[channel]: a read by a varying string key is a slow megamorphic load, once per order.
    const l = channel === 'api' ? this.latency.api : channel === 'app' ? this.latency.app : this.latency.web;
    return l.baseMs + (l.jitterMeanMs > 0 ? Math.round(rng.exponential(1 / l.jitterMeanMs)) : 0);
  }

  /** The market-data state of a symbol, made on first use. Internal: for AgentSlot. */
  feed(symbol: string): Feed {
    const last = this.lastFeed;
    if (last !== null && last.symbol === symbol) return last;
    let f = this.feeds.get(symbol);
    if (f === undefined) {
      const none: EventOf<'trade'>[] = [];
      f = { symbol, book: null, subscribers: [], trades: [], spare: [], update: { symbol, trades: none, bestBid: 0, bestAsk: 0 }, bestBid: 0, bestAsk: 0, pending: false, touched: false };
      this.feeds.set(symbol, f);
    }
    this.lastFeed = f;
    return f;
  }

  private onExchangeEvent(e: MarketEvent): void {
    if (!this.started) {
      // Setup (listing, accounts, opening balances) happens before listeners may be attached.
      this.setup.push(e);
      return;
    }
    this.dispatch(e);
  }

  private dispatch(e: MarketEvent): void {
    for (let i = 0; i < this.listeners.length; i++) this.listeners[i]!(e);
    switch (e.type) {
      case 'trade':
        this.touch(e.symbol).trades.push(e);
        break;
      case 'order-accepted':
      case 'cancel':
      case 'order-amended':
        this.touch(e.symbol);
        break;
      default:
        break;
    }
    for (let i = 0; i < this.observers.length; i++) this.observers[i]!.onEvent(e, this.observerApi);
  }

  private touch(symbol: string): Feed {
    const f = this.feed(symbol);
    if (!f.touched) {
      f.touched = true;
      this.touched[this.nTouched++] = f;
    }
    return f;
  }

  /** Schedules one delayed delivery for each symbol whose trades or top of book changed. */
  private afterStep(): void {
    const touched = this.touched;
    const n = this.nTouched;
    if (n === 0) return;
    for (let i = 0; i < n; i++) {
      const f = touched[i]!;
      f.touched = false;
      if (f.pending || f.subscribers.length === 0) {
        if (f.subscribers.length === 0) f.trades.length = 0;
        continue;
      }
      f.pending = true;
      this.at(this.time + this.mdDelay, DELIVER, f);
    }
    this.nTouched = 0;
  }

  private deliver(f: Feed): void {
    f.pending = false;
    // Looked up on the first delivery (a feed may exist before its symbol is listed) and kept.
    const book = (f.book ??= this.exchange.book(f.symbol));
    const bestBid = book.bestBid();
    const bestAsk = book.bestAsk();
    if (f.trades.length === 0 && bestBid === f.bestBid && bestAsk === f.bestAsk) return;
    const delivered = f.trades;
    // Trades that happen while subscribers run (an agent acting at once) go to the next delivery.
    f.trades = f.spare;
    const update = f.update;
    update.trades = delivered;
    update.bestBid = bestBid;
    update.bestAsk = bestAsk;
    f.bestBid = bestBid;
    f.bestAsk = bestAsk;
    const subscribers = f.subscribers;
    for (let i = 0; i < subscribers.length; i++) subscribers[i]!.onMarketData(subscribers[i]!, update);
    delivered.length = 0;
    f.spare = delivered;
  }
}
