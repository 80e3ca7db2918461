/** Small formatting helpers for terminal output. */
import { formatDuration } from '../scenario/index.js';

/** Sim time as a duration since the start, e.g. "2d1h30m" (ms precision dropped above a second). */
export function formatUnitsForHumans(ms: number): string {
  const whole = ms >= 1000 ? ms - (ms % 1000) : ms;
  return `t+${formatDuration(whole) || '0s'}`;
}
