/**
 * The built-in rules, by name. `surveil list detectors` prints them; suites
 * and `--detectors` pick from them; user modules add to them at run time.
 */
import type { DetectorDefinition } from './detector.js';
import { accountTakeover } from './rules/account-takeover.js';
import { composite } from './rules/composite.js';
import { coordinatedBurst } from './rules/coordinated-burst.js';
import { counterpartyConcentration } from './rules/counterparty-concentration.js';
import { depositLinkage } from './rules/deposit-linkage.js';
import { priceVolume } from './rules/price-volume.js';
import { ramping } from './rules/ramping.js';
import { rushOrders } from './rules/rush-orders.js';
import { spoofing } from './rules/spoofing.js';
import { washTrading } from './rules/wash-trading.js';

export const BUILT_IN_DETECTORS = {
  'rush-orders': rushOrders,
  'price-volume': priceVolume,
  ramping,
  'account-takeover': accountTakeover,
  'coordinated-burst': coordinatedBurst,
  'counterparty-concentration': counterpartyConcentration,
  'deposit-linkage': depositLinkage,
  'wash-trading': washTrading,
  spoofing,
  composite,
} satisfies Record<string, DetectorDefinition>;

export type BuiltInDetectorName = keyof typeof BUILT_IN_DETECTORS;

/** A registry: the built-ins plus whatever user modules added. */
export class DetectorRegistry {
  private readonly defs = new Map<string, DetectorDefinition>(Object.entries(BUILT_IN_DETECTORS) as [string, DetectorDefinition][]);

  add(def: DetectorDefinition): void {
    if (this.defs.has(def.name)) throw new Error(`a detector named "${def.name}" is already registered`);
    this.defs.set(def.name, def);
  }

  get(name: string): DetectorDefinition | undefined {
    return this.defs.get(name);
  }

  names(): string[] {
    return [...this.defs.keys()];
  }

  all(): DetectorDefinition[] {
    return [...this.defs.values()];
  }
}

/** Checks that a value loaded from a user module looks like a detector definition; returns why not. */
export function definitionProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'is not an object';
  const d = value as Partial<DetectorDefinition>;
  if (typeof d.name !== 'string' || d.name === '') return 'has no `name`';
  if (typeof d.create !== 'function') return `"${d.name}" has no create(params) function`;
  if (typeof (d.params as { parse?: unknown } | undefined)?.parse !== 'function') return `"${d.name}" has no zod \`params\` schema`;
  if (!Array.isArray(d.needs)) return `"${d.name}" has no \`needs\` list`;
  return null;
}
