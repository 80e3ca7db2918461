/**
 * Identities people show an exchange: a home IP and a device fingerprint.
 * Every agent that makes people (the population, victims, followers, the
 * attacker's own machines) draws them from here, so no address range or id
 * pattern tells a role apart.
 */
import type { AgentContext } from './agent.js';

/**
 * A stable home address: a quarter behind a mobile carrier's NAT (100.64.0.0/10,
 * as phones are), the rest in public unicast space.
 */
export function homeIp(rng: AgentContext['rng']): string {
  if (rng.chance(0.25)) return `100.${rng.int(64, 127)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
  let a = rng.int(11, 223);
  if (a === 100 || a === 127 || a === 169 || a === 172 || a === 192) a += 1;
  return `${a}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

/** An opaque device fingerprint (reveals nothing about the owner's role). */
export function deviceId(rng: AgentContext['rng']): string {
  return `${rng.int(0, 0xffffff).toString(16).padStart(6, '0')}${rng.int(0, 0xffffff).toString(16).padStart(6, '0')}`;
}
