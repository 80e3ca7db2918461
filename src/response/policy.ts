/**
 * A response policy: what the exchange does, inside the run, when a rule
 * raises an alert. Written as YAML (`policies/*.yaml`), checked by a strict zod
 * schema (unknown keys are errors), durations as text (`2s`, `30m`, `2h`).
 *
 * Account actions and what they mean on the exchange (src/exchange/account.ts):
 *
 * | action               | restriction kind        | trading | withdrawals |
 * |----------------------|-------------------------|---------|-------------|
 * | `suspendWithdrawals` | `withdrawals-suspended` | allowed | held, rejected when due |
 * | `withdrawalOnly`     | `withdrawal-only`       | blocked | allowed     |
 * | `freeze`             | `frozen`                | blocked | blocked     |
 *
 * The two names differ on purpose. Binance in March 2018 *suspended
 * withdrawals* (the proceeds never left); in December 2022 it put profiting
 * accounts in *withdrawal-only mode* (no trading, money may leave), the
 * exchanges' own term, kept here with its real meaning (CALIBRATION.md). Only
 * `suspendWithdrawals` and `freeze` keep an attacker's proceeds in.
 *
 * Account actions apply to the accounts an alert names; an alert that names
 * none (a symbol-level pump rule) can only halt its symbol. The engine never
 * reads the ground truth: it sees alerts and the event stream, like an
 * exchange would. Only the reviewer (reviewer.ts) may, as a modelled human.
 */
import { z } from 'zod';
import { DURATION_HINT, DURATION_RE, parseDuration } from '../core/index.js';
import type { DetectorRegistry, RuleConfig } from '../detect/index.js';

/** A duration written as text, parsed to integer ms with core's parser (the scenario grammar). */
function duration(description: string) {
  return z
    .string({ error: (iss) => (iss.input === undefined ? undefined : `expected a duration like 90s, got ${JSON.stringify(iss.input)}`) })
    .regex(DURATION_RE, { error: (iss) => `${JSON.stringify(iss.input)} is not a duration (${DURATION_HINT})` })
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined) {
        ctx.issues.push({ code: 'custom', input: text, message: `${JSON.stringify(text)} is too long a duration` });
        return z.NEVER;
      }
      return ms;
    })
    .describe(`${description} A duration: e.g. "500ms", "90s", "15m", "2h", "1h30m".`);
}

/** A rule the trigger listens to: a registered detector by name, optionally a parameter variant under its own label. */
const ruleRefSchema = z.union([
  z.string().min(1).describe('A registered detector, with its default parameters; alerts carry this name.'),
  z
    .object({
      detector: z.string().min(1).describe('A registered detector (surveil list detectors).'),
      name: z.string().min(1).optional().describe('Label the alerts carry (default: the detector name); lets a policy run a parameter variant beside the default rule.'),
      params: z.record(z.string(), z.unknown()).optional().describe("The detector's parameters; defaults fill the rest."),
    })
    .strict(),
]);
export type RuleRef = z.infer<typeof ruleRefSchema>;

const rulesSchema = z.array(ruleRefSchema).min(1).describe('Alerts of these rules trigger the policy; the rules run inside the simulation on the live stream.');

const triggerSchemaWith = (rules: z.ZodType<RuleRef[], unknown>) => z
  .object({
    rules,
    minScore: z.number().min(0).max(1).default(0).describe('Alerts scoring below this are ignored (0..1).'),
  })
  .strict()
  .describe('Which alerts the policy acts on.');

const actionsSchema = z
  .object({
    suspendWithdrawals: z
      .boolean()
      .default(false)
      .describe('Named accounts: restriction `withdrawals-suspended`. Trading stays allowed; pending and new withdrawals are rejected (Binance, March 2018).'),
    withdrawalOnly: z
      .boolean()
      .default(false)
      .describe('Named accounts: restriction `withdrawal-only`. Trading blocked (open orders cancelled), withdrawals allowed (Binance, December 2022).'),
    freeze: z.boolean().default(false).describe('Named accounts: restriction `frozen`. Neither trading nor withdrawals.'),
    revokeKeys: z
      .boolean()
      .default(false)
      .describe("Revoke the API keys that placed the named accounts' orders on the alert's symbol within `lookback` (learnt from order-accepted events)."),
    cancelOrders: z.boolean().default(false).describe("Cancel every open order of the named accounts (an attacker's pre-placed asks, a victim's forced buys)."),
    haltSymbol: duration("Halt trading on the alert's symbol for this long, then resume; absent: no halt.").optional(),
    reverseTrades: duration(
      'This long after the reaction, reverse trades on the symbol within `lookback` whose buyer and seller were both named (by any alert of the case). A reversal moves back only what is still there; absent: no reversal.',
    ).optional(),
  })
  .strict()
  .describe('What the exchange does; every action is optional.');

const reviewSchema = z
  .object({
    delay: duration('Each account restricted (or whose key was revoked) is reviewed this long after its first restriction in the case.'),
    accuracy: z
      .number()
      .min(0)
      .max(1)
      .default(1)
      .describe(
        'Probability the reviewer decides right, drawn per account from a seeded stream. Right means: attackers stay restricted; honest accounts are lifted and their keys restored; victims get their funds released and their keys stay revoked.',
      ),
  })
  .strict()
  .describe('A simulated human review: the complaint-and-reversal path. Absent: restrictions last to the end of the run.');

const policySchemaWith = (rules: z.ZodType<RuleRef[], unknown>) => z
  .object({
    name: z.string().min(1).describe('Policy name, shown in reports.'),
    description: z.string().optional().describe('What the policy models and why.'),
    trigger: triggerSchemaWith(rules),
    reactionDelay: duration('Between an alert and the automatic actions.').default(0),
    lookback: duration('How far back keys used and trades count as "the flagged ones".').default(60 * 60_000),
    caseGap: duration(
      'Triggering alerts on one symbol less than this apart form one case; an account lifted after review is not restricted again in the same case.',
    ).default(60 * 60_000),
    actions: actionsSchema,
    byRule: z
      .record(z.string(), actionsSchema)
      .optional()
      .describe(
        "Actions for the alerts of one trigger rule (by label), replacing `actions` for them: e.g. revoke the keys of accounts an account-takeover rule names (victims, mostly) while suspending withdrawals of those a deposit-linkage rule names (sellers).",
      ),
    review: reviewSchema.optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    const labels = new Set(p.trigger.rules.map(ruleLabel));
    for (const label of Object.keys(p.byRule ?? {})) {
      if (!labels.has(label)) ctx.addIssue({ code: 'custom', path: ['byRule', label], input: label, message: `"${label}" is not one of the trigger rules (${[...labels].join(', ')})` });
    }
  })
  .describe('A closed-loop response policy: alerts become exchange actions inside the run.');

/** The actions for an alert of rule `label`: its `byRule` entry, else the policy's `actions`. */
export function actionsFor(policy: ResponsePolicy, label: string): ResponsePolicy['actions'] {
  return policy.byRule?.[label] ?? policy.actions;
}

/** The schema without registry checks (any detector name is accepted; see {@link policySchemaFor}). */
export const policySchema = policySchemaWith(rulesSchema);

export type ResponsePolicy = z.output<typeof policySchema>;
export type ResponsePolicyInput = z.input<typeof policySchema>;

/** The label alerts of a rule reference carry. */
export function ruleLabel(ref: RuleRef): string {
  return typeof ref === 'string' ? ref : (ref.name ?? ref.detector);
}

/**
 * The policy schema with its rule references checked against a registry:
 * unknown detectors and invalid parameters are reported at their place in the
 * file (the YAML loader adds file:line:col), not later at run time.
 */
export function policySchemaFor(registry: DetectorRegistry) {
  // The check sits on the rules list itself, so it runs (and reports) even when other fields are wrong.
  const checked = rulesSchema.superRefine((rules, ctx) => {
    const labels = new Set<string>();
    rules.forEach((ref, i) => {
      const detector = typeof ref === 'string' ? ref : ref.detector;
      const path = typeof ref === 'string' ? [i] : [i, 'detector'];
      const def = registry.get(detector);
      if (def === undefined) {
        ctx.addIssue({ code: 'custom', path, input: detector, message: `no detector "${detector}" (known: ${registry.names().join(', ')})` });
        return;
      }
      const label = ruleLabel(ref);
      if (labels.has(label)) ctx.addIssue({ code: 'custom', path, input: label, message: `two rules are labelled "${label}"; give one a name` });
      labels.add(label);
      if (typeof ref !== 'string' && ref.params !== undefined) {
        const parsed = def.params.safeParse(ref.params);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) {
            ctx.addIssue({ code: 'custom', path: [i, 'params', ...issue.path.map(String)], input: ref.params, message: issue.message });
          }
        }
      }
    });
  });
  return policySchemaWith(checked);
}

/** The rules a policy's trigger needs running, resolved against a registry. */
export function policyRules(policy: ResponsePolicy, registry: DetectorRegistry): RuleConfig[] {
  return policy.trigger.rules.map((ref) => {
    const detector = typeof ref === 'string' ? ref : ref.detector;
    const definition = registry.get(detector);
    if (definition === undefined) throw new Error(`policy ${policy.name}: no detector "${detector}"`);
    return { name: ruleLabel(ref), definition, params: typeof ref === 'string' ? undefined : ref.params };
  });
}
