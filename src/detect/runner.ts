/**
 * Runs a set of rules over one event stream: feeds each applicable rule every
 * event in order, stamps each alert with its rule, suppresses repeats on the
 * same subject within `suppressMs`, and passes every kept alert on to rules
 * that combine others (the composite) and to listeners (a response policy).
 */
import type { MarketEvent } from '../core/index.js';
import { type Alert, type AlertDraft, type AlertSink, clamp01 } from './alert.js';
import type { Capability, Detector, DetectorDefinition } from './detector.js';

export interface RuleConfig {
  /** The name alerts carry (a definition's name, or a label for a parameter variant). */
  name: string;
  definition: DetectorDefinition;
  /** Parameters as written; defaults fill the rest. */
  params?: unknown;
}

export interface RuleStatus {
  name: string;
  applicable: boolean;
  /** Capabilities the stream lacks, when not applicable. */
  missing: Capability[];
  raised: number;
  suppressed: number;
}

/** A rule that also hears other rules' alerts (combinations). */
export interface AlertListener {
  onAlert(alert: Alert, out: AlertSink): void;
}

interface Slot {
  name: string;
  detector: Detector;
  status: RuleStatus;
  sink: AlertSink;
  lastBySubject: Map<string, number>;
  pruneAt: number;
}

export class DetectorRunner {
  readonly alerts: Alert[] = [];
  private readonly slots: Slot[] = [];
  private readonly listeners: ((a: Alert) => void)[] = [];

  constructor(
    rules: readonly RuleConfig[],
    capabilities: readonly Capability[],
    private readonly suppressMs = 5 * 60_000,
  ) {
    const names = new Set<string>();
    for (const r of rules) {
      if (names.has(r.name)) throw new Error(`two rules are named ${r.name}`);
      names.add(r.name);
      const missing = r.definition.needs.filter((c) => !capabilities.includes(c));
      const params = r.definition.params.parse(r.params ?? {});
      const status: RuleStatus = { name: r.name, applicable: missing.length === 0, missing, raised: 0, suppressed: 0 };
      const slot: Slot = { name: r.name, detector: r.definition.create(params), status, sink: { raise: () => undefined }, lastBySubject: new Map(), pruneAt: 4096 };
      slot.sink = { raise: (d) => this.keep(slot, d) };
      this.slots.push(slot);
    }
  }

  /** Every alert kept, as it is raised (a closed-loop response policy listens here). */
  onAlert(listener: (a: Alert) => void): void {
    this.listeners.push(listener);
  }

  onEvent(e: MarketEvent): void {
    const slots = this.slots;
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i]!;
      if (s.status.applicable) s.detector.onEvent(e, s.sink);
    }
  }

  statuses(): RuleStatus[] {
    return this.slots.map((s) => ({ ...s.status }));
  }

  private keep(slot: Slot, d: AlertDraft): void {
    const { subject, ...fields } = d;
    const key = subject ?? `${d.symbol ?? '*'}|${[...d.accounts].sort((a, b) => a - b).join(',')}`;
    const last = slot.lastBySubject.get(key);
    if (last !== undefined && d.t - last < this.suppressMs) {
      slot.status.suppressed++;
      return;
    }
    slot.lastBySubject.set(key, d.t);
    if (slot.lastBySubject.size > slot.pruneAt) {
      prune(slot.lastBySubject, d.t - this.suppressMs);
      // Amortised: the next pruning waits until the map has doubled again.
      slot.pruneAt = Math.max(4096, 2 * slot.lastBySubject.size);
    }
    slot.status.raised++;
    const alert: Alert = { ...fields, rule: slot.name, score: clamp01(d.score) };
    this.alerts.push(alert);
    for (const l of this.listeners) l(alert);
    for (const other of this.slots) {
      if (other === slot || !other.status.applicable) continue;
      const listener = other.detector as Partial<AlertListener>;
      if (typeof listener.onAlert === 'function') listener.onAlert(alert, other.sink);
    }
  }
}

/** Forgets subjects whose last alert is older than the suppression window (bounded memory). */
function prune(last: Map<string, number>, before: number): void {
  for (const [k, t] of last) if (t < before) last.delete(k);
}
