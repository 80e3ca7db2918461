/**
 * Whom the truth says an account is, and the roles in their fixed reporting
 * order (the schema's: attacker, victim, whale, follower, maker, background).
 */
import type { GroundTruth, Incident, Role } from '../core/index.js';
import { HONEST_ROLES, roleSchema } from '../core/index.js';

/** The roles in their fixed reporting order. */
export const ROLES: readonly Role[] = roleSchema.options;

/** A role → count record with every role at 0, keys in {@link ROLES} order. */
export function zeroRoles(): Record<Role, number> {
  const r = {} as Record<Role, number>;
  for (const role of ROLES) r[role] = 0;
  return r;
}

/** True when the role is honest: whale, follower, maker or background (victims are not). */
export function isHonest(role: Role | undefined): boolean {
  return role !== undefined && HONEST_ROLES.includes(role);
}

/** A run holds an attack when any of its incidents is of kind `attack`. */
export function isAttackRun(truth: GroundTruth): boolean {
  return truth.incidents.some((i) => i.kind === 'attack');
}

/** Account id → role, from `truth.accounts` (the account's role in the run). */
export function roleIndex(truth: GroundTruth): ReadonlyMap<number, Role> {
  const m = new Map<number, Role>();
  for (const a of truth.accounts) m.set(a.account, a.role);
  return m;
}

/** Account id → role within one incident (only involved accounts). */
export function incidentRoles(incident: Incident): ReadonlyMap<number, Role> {
  const m = new Map<number, Role>();
  for (const a of incident.accounts) m.set(a.account, a.role);
  return m;
}

