import type { Channel, EventOf, RandomStream } from '../core/index.js';
import type { Exchange } from '../exchange/index.js';
import type { TruthRecorder } from './truth-recorder.js';

/**
 * A behaviour in the market. The simulation calls `start` once at time 0 and
 * then `onWake` when a timer the agent set comes due and `onMarketData` when a
 * symbol it subscribed to changed (after the market-data delay). An agent acts
 * on the exchange only through `ctx.send` (or `ctx.sendTag`), which apply the channel's
 * latency; it may read the exchange (books, its own balances) at any time.
 *
 * Agents are deterministic given their context's random stream: no clocks,
 * no Math.random, no iteration over anything whose order can change.
 */
export interface Agent {
  /** Unique within a run; names the agent's random stream and its truth records. */
  readonly name: string;
  start(ctx: AgentContext): void;
  onWake?(ctx: AgentContext, tag: number): void;
  onMarketData?(ctx: AgentContext, update: MarketUpdate): void;
  /** A request sent with `ctx.sendTag(channel, tag)` reaches the exchange (after the channel's latency). */
  onArrive?(ctx: AgentContext, tag: number): void;
}

/**
 * What changed on a symbol since the subscriber last heard. Valid during the
 * `onMarketData` call only: the simulation reuses the object and its trades
 * array for the next delivery (copy what you keep).
 */
export interface MarketUpdate {
  symbol: string;
  /** Trades since the previous update of this symbol, oldest first. */
  trades: readonly EventOf<'trade'>[];
  /** Top of book when the update was sent (0 when a side is empty). */
  bestBid: number;
  bestAsk: number;
}

export interface AgentContext {
  /** Current sim time in ms. */
  readonly now: number;
  /** This agent's own random stream (derived from the scenario seed and the agent's name). */
  readonly rng: RandomStream;
  /** For reading books and balances, and for setup at start; trade through `send`. */
  readonly exchange: Exchange;
  readonly truth: TruthRecorder;
  /** Wakes the agent at sim time t (>= now) with a tag of its choosing. */
  wakeAt(t: number, tag?: number): void;
  wakeIn(dt: number, tag?: number): void;
  /** Receive `onMarketData` for this symbol. */
  subscribe(symbol: string): void;
  /**
   * Runs `action` on the exchange after the channel's latency plus jitter
   * drawn from this agent's stream: what the agent decides now reaches the
   * exchange a little later, as in reality.
   */
  send(channel: Channel, action: (exchange: Exchange) => void): void;
  /**
   * `send` without a closure, for agents that send many orders: after the
   * same latency (the same draw from this agent's stream), the simulation
   * calls `onArrive(ctx, tag)`. The agent keeps what the request carries
   * under the tag itself (a closure per order is garbage per order).
   */
  sendTag(channel: Channel, tag: number): void;
}

/** What `surveil list agents` shows for a behaviour. */
export interface AgentInfo {
  kind: string;
  summary: string;
  /** Parameter name -> one-line meaning, with its unit. */
  params: Record<string, string>;
}
