/**
 * A detection rule: a streaming reader of the event stream with bounded state.
 * It sees events one at a time, in sequence order, and nothing else: not the
 * simulator, not the agents, not the ground truth. So the same rule runs on a
 * simulated run and on imported real data.
 */
import type { z } from 'zod';
import type { MarketEvent } from '../core/index.js';
import type { AlertSink } from './alert.js';

/**
 * What a stream carries. Real data often has trades only; a rule that needs
 * more says "not applicable" for such a stream instead of failing.
 */
export type Capability =
  /** trade events with prices, sizes, aggressor side */
  | 'trades'
  /** order events (accepted, cancelled, rejected) */
  | 'orders'
  /** real account ids on trades and orders */
  | 'accounts'
  /** channel, API key, platform and IP on orders */
  | 'sources'
  /** deposits and withdrawals */
  | 'transfers'
  /** API key creation and logins */
  | 'keys';

export const ALL_CAPABILITIES: readonly Capability[] = ['trades', 'orders', 'accounts', 'sources', 'transfers', 'keys'];

export interface Detector {
  onEvent(e: MarketEvent, out: AlertSink): void;
}

/** A rule as registered: its name, what it needs, its parameters and how to build it. */
export interface DetectorDefinition<S extends z.ZodType = z.ZodType> {
  name: string;
  /** One line for `surveil list detectors`. */
  summary: string;
  /** The detector family of CALIBRATION.md it belongs to. */
  family: string;
  needs: readonly Capability[];
  /** Parameters, every one with a default: `params.parse({})` is the default configuration. */
  params: S;
  create(params: z.output<S>): Detector;
  /**
   * For rules that combine other rules' alerts: the rule names (or variant
   * labels) they read, so a suite can say when they are not running beside it.
   */
  inputs?(params: z.output<S>): readonly string[];
}

/** Helps the compiler keep each definition's params and create() in step. */
export function defineDetector<S extends z.ZodType>(d: DetectorDefinition<S>): DetectorDefinition<S> {
  return d;
}
