/**
 * What a rule raises: when, on which symbol, whom it names, how sure it is,
 * the events it rests on (for audit), and a sentence an analyst can read with
 * the numbers behind it.
 */
import { z } from 'zod';

export const alertSchema = z
  .object({
    /** Sim time of the event that triggered it, ms. */
    t: z.number().int().nonnegative(),
    /** Sequence number of that event. */
    seq: z.number().int().nonnegative(),
    rule: z.string(),
    symbol: z.string().nullable(),
    /** Accounts named (may be empty: a symbol-level rule names none). */
    accounts: z.array(z.number().int().positive()),
    /** 0..1: how strongly the rule believes it. */
    score: z.number().min(0).max(1),
    /** Sequence numbers of the events it rests on. */
    evidence: z.array(z.number().int().nonnegative()),
    explanation: z.string(),
  })
  .strict();

export type Alert = z.infer<typeof alertSchema>;

/** A grade or score held to [0, 1], the range of every alert score. */
export const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/** What a rule fills in; the runner adds the rule name and applies repeat suppression. */
export type AlertDraft = Omit<Alert, 'rule'> & {
  /** What the alert is about, for repeat suppression (default: symbol + sorted accounts). */
  subject?: string;
};

export interface AlertSink {
  raise(alert: AlertDraft): void;
}
