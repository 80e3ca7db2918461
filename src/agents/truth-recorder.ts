import {
  type AccountId,
  type GroundTruth,
  type Incident,
  type OrderId,
  type Role,
  TRUTH_FORMAT,
  TRUTH_VERSION,
} from '../core/index.js';

/**
 * Agents write what they are into this as they act; the simulation saves it
 * as the run's ground truth. Never passed to a detector.
 */
export class TruthRecorder {
  private readonly roles = new Map<number, { role: Role; agent: string }>();
  private readonly incidents = new Map<string, IncidentRecorder>();
  private readonly malicious = new Set<number>();

  role(account: AccountId, role: Role, agent: string): void {
    this.roles.set(account, { role, agent });
  }

  roleOf(account: number): Role | undefined {
    return this.roles.get(account)?.role;
  }

  /** The incident with this id, created on first use. */
  incident(id: string, kind: Incident['kind'], symbol: string, models: string): IncidentRecorder {
    let rec = this.incidents.get(id);
    if (rec === undefined) {
      rec = new IncidentRecorder(id, kind, symbol, models);
      this.incidents.set(id, rec);
    }
    return rec;
  }

  maliciousOrder(order: OrderId): void {
    this.malicious.add(order);
  }

  toJSON(scenario: string, seed: number): GroundTruth {
    return {
      format: TRUTH_FORMAT,
      version: TRUTH_VERSION,
      scenario,
      seed,
      accounts: [...this.roles.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([account, r]) => ({ account, role: r.role, agent: r.agent })),
      incidents: [...this.incidents.values()]
        .filter((i) => i.started)
        .map((i) => i.toJSON())
        .sort((a, b) => a.start - b.start || a.id.localeCompare(b.id)),
      maliciousOrders: [...this.malicious].sort((a, b) => a - b),
    };
  }
}

/** One episode's timeline and accounts; first start and harm win, last end wins. */
export class IncidentRecorder {
  private prepStart = Infinity;
  private start = Infinity;
  private end = 0;
  private harm: number | null = null;
  private readonly accounts = new Map<number, Role>();

  constructor(
    readonly id: string,
    readonly kind: Incident['kind'],
    readonly symbol: string,
    readonly models: string,
  ) {}

  get started(): boolean {
    return this.start !== Infinity;
  }

  prep(t: number): void {
    if (t < this.prepStart) this.prepStart = t;
  }

  /** An order of the pump itself reached the market at t. */
  act(t: number): void {
    if (t < this.start) this.start = t;
    if (t > this.end) this.end = t;
  }

  /** Something later in the episode (a withdrawal request, a cancel) happened at t. */
  extend(t: number): void {
    if (t > this.end) this.end = t;
  }

  harmAt(t: number): void {
    if (this.harm === null || t < this.harm) this.harm = t;
    this.extend(t);
  }

  involve(account: number, role: Role): void {
    this.accounts.set(account, role);
  }

  toJSON(): Incident {
    return {
      id: this.id,
      kind: this.kind,
      symbol: this.symbol,
      models: this.models,
      prepStart: Math.min(this.prepStart, this.start),
      start: this.start,
      end: Math.max(this.end, this.start),
      harmPoint: this.harm,
      accounts: [...this.accounts.entries()].sort((a, b) => a[0] - b[0]).map(([account, role]) => ({ account, role })),
    };
  }
}
