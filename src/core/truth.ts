/**
 * Ground truth: who is who and when each episode happened. The simulator
 * writes it beside the event log (`truth.json`); evaluation reads it; detectors
 * never see it. The zod schema is the format's definition.
 */
import { z } from 'zod';

export const TRUTH_FORMAT = 'surveil-truth';
export const TRUTH_VERSION = 1;

/**
 * attacker: malicious. victim: innocent but compromised (the right action is
 * to stop its keys, not freeze its funds). whale, follower, maker, background:
 * honest.
 */
export const roleSchema = z.enum(['attacker', 'victim', 'whale', 'follower', 'maker', 'background']);
export type Role = z.infer<typeof roleSchema>;
export const HONEST_ROLES: readonly Role[] = ['whale', 'follower', 'maker', 'background'];

const ms = () => z.number().int().nonnegative();
const id = () => z.number().int().positive();

export const incidentSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['attack', 'organic']),
    symbol: z.string(),
    /** The real episode this one is modelled on (CALIBRATION.md). */
    models: z.string(),
    /** Preparation starts: keys obtained, coin deposited, asks pre-placed, funds deposited. */
    prepStart: ms(),
    /**
     * The episode's first order of the pump itself: the first order through a
     * victim's key, or the whale's first buy. Latency is measured from here.
     */
    start: ms(),
    /** The episode's last order or withdrawal request. */
    end: ms(),
    /** The attacker's first withdrawal request; null for organic episodes or attacks that never got there. */
    harmPoint: ms().nullable(),
    accounts: z.array(z.object({ account: id(), role: roleSchema }).strict()),
  })
  .strict();
export type Incident = z.infer<typeof incidentSchema>;

export const truthSchema = z
  .object({
    format: z.literal(TRUTH_FORMAT),
    version: z.literal(TRUTH_VERSION),
    scenario: z.string(),
    seed: z.number().int(),
    /** Every account with its role and the agent that drives it, by account id. */
    accounts: z.array(z.object({ account: id(), role: roleSchema, agent: z.string() }).strict()),
    incidents: z.array(incidentSchema),
    /** Orders placed with intent to harm (through stolen keys, or the attacker's own). */
    maliciousOrders: z.array(id()),
  })
  .strict();
export type GroundTruth = z.infer<typeof truthSchema>;
