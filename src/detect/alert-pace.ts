/** Alert pacing: one alert per episode, then escalations only when the score grows. */

/**
 * Pacing of one subject's alerts (a symbol, or an account on a symbol): the
 * first alert of an episode is raised at once; while the episode lasts
 * (`cooldownMs` after the last alert) another is raised only when the score
 * has grown by at least `step` (an escalation, with its own subject so the
 * runner's repeat suppression lets it through). So a burst gives one alert
 * plus a few escalations, not one per trade, and the highest score an
 * episode reached is on record for ROC curves.
 */
export interface Pace {
  /** Time of the last alert raised, ms (-Infinity before the first). */
  lastT: number;
  /** Score of the last alert raised. */
  lastScore: number;
  /** Escalations raised in the current episode. */
  escalations: number;
}

export const newPace = (): Pace => ({ lastT: Number.NEGATIVE_INFINITY, lastScore: 0, escalations: 0 });

/**
 * Decides whether to raise now. Returns null (stay quiet), or the subject
 * suffix to use: '' for a fresh alert, '#n' for the n-th escalation. Updates
 * the pace when it says raise.
 */
export function paceAlert(p: Pace, t: number, score: number, cooldownMs: number, step: number): string | null {
  if (t - p.lastT >= cooldownMs) {
    p.lastT = t;
    p.lastScore = score;
    p.escalations = 0;
    return '';
  }
  if (score >= p.lastScore + step) {
    p.lastT = t;
    p.lastScore = score;
    p.escalations++;
    return `#${p.escalations}`;
  }
  return null;
}
