/**
 * The report fixture with response policies: the simulated runs of
 * fixture-sim.ts, each given hand-made impacts (`none` first) under two
 * policies, one of them with a hostile name every renderer must escape.
 * `buildSuiteResults` computes the policy aggregates (policyAggregates), so
 * the numbers below are the only input. Amounts in satoshi of BTC (8 decimals).
 *
 * Attack runs (compromised-key-pump, seeds 1 and 2): without a policy the
 * attacker withdraws 36.16 and 30.00 BTC (mean 33.08 BTC); `freeze-withdrawals`
 * stops all of it, restricting the victims; the hostile policy revokes keys
 * and reverses trades, stopping 16.16 and 14.00 BTC. Organic runs: the hostile
 * policy restricts 3 and 5 honest accounts for 2 and 4 hours.
 */
import { buildSuiteResults, type Gate, type RunImpact, type SuiteInput, type SuiteResults } from '../../src/evaluate/index.js';
import { fixtureGates, suiteInput } from './fixture.js';

export const FREEZE = 'freeze-withdrawals';
export const HOSTILE_POLICY = 'revoke <b>keys</b> & "reverse" \'trades\'';

const BTC = 100_000_000;

function impact(run: string, seed: number, fields: Partial<RunImpact>): RunImpact {
  return {
    run,
    seed,
    quoteAsset: 'BTC',
    quoteDecimals: 8,
    attackerProceedsWithdrawn: 0,
    attackerTradingGain: 0,
    attackerWithdrawalsRejected: 0,
    victimLossGross: 0,
    victimLossRecovered: 0,
    victimLossNet: 0,
    attackersRestricted: 0,
    attackerKeysRevoked: 0,
    honestRestricted: 0,
    honestRestrictionHours: 0,
    honestKeysRevoked: 0,
    victimsProtected: 0,
    victimsRestricted: 0,
    victimRestrictionHours: 0,
    tradesReversed: 0,
    quoteReversed: 0,
    quoteUnrecovered: 0,
    haltHours: 0,
    reviews: null,
    reviewsCorrect: null,
    ...fields,
  };
}

/** Impacts of one run: `none`, then the two policies. */
function impactsOf(scenario: string, seed: number, attack: boolean): { policy: string; impact: RunImpact }[] {
  const run = `${scenario}#${seed}`;
  const k = seed % 2 === 1 ? 0 : 1;
  if (!attack) {
    return [
      { policy: 'none', impact: impact(run, seed, {}) },
      { policy: FREEZE, impact: impact(run, seed, {}) },
      { policy: HOSTILE_POLICY, impact: impact(run, seed, { honestRestricted: [3, 5][k]!, honestRestrictionHours: [2, 4][k]! }) },
    ];
  }
  const proceeds = [36.16 * BTC, 30 * BTC][k]!;
  const loss = [20 * BTC, 18 * BTC][k]!;
  return [
    { policy: 'none', impact: impact(run, seed, { attackerProceedsWithdrawn: proceeds, victimLossGross: loss, victimLossNet: loss }) },
    {
      policy: FREEZE,
      impact: impact(run, seed, { victimLossGross: loss, victimLossNet: loss, attackersRestricted: 3, victimsRestricted: [28, 26][k]!, victimRestrictionHours: [50, 40][k]! }),
    },
    {
      policy: HOSTILE_POLICY,
      impact: impact(run, seed, {
        attackerProceedsWithdrawn: proceeds - [16.16 * BTC, 14 * BTC][k]!,
        victimLossGross: loss,
        victimLossRecovered: 15 * BTC,
        victimLossNet: loss - 15 * BTC,
        victimsProtected: 20,
        honestRestricted: 1,
        honestRestrictionHours: 0.5,
        tradesReversed: [40, 30][k]!,
        quoteReversed: 15 * BTC,
        quoteUnrecovered: 0.0123 * BTC,
      }),
    },
  ];
}

const policyGate = (g: Pick<Gate, 'name' | 'policy' | 'metric'> & Partial<Gate>): Gate => ({ rule: null, scenarios: null, min: null, max: null, on: 'value', level: 'error', ...g });

/** Gates on the policies: an amount (shown in BTC) and honest hours. */
export const POLICY_GATES: Gate[] = [
  policyGate({ name: 'freeze stops 30 BTC a run', policy: FREEZE, metric: 'proceedsPrevented', min: 30 * BTC, scenarios: ['compromised-key-pump'] }),
  policyGate({ name: 'honest hours under 2', policy: HOSTILE_POLICY, metric: 'honestRestrictionHours', max: 2, level: 'warn' }),
];

const POLICIES = [
  { name: FREEZE, description: 'Suspend withdrawals of the named accounts.', fileSha256: 'a'.repeat(64) },
  { name: HOSTILE_POLICY, description: 'Revoke keys <script>alert(2)</script> & reverse "trades".', fileSha256: 'b'.repeat(64) },
];

/** Any suite's results again with the two policies and hand-made impacts on every run. */
export function withPolicies(input: Omit<SuiteInput, 'gates'>, gates: readonly Gate[]): SuiteResults {
  return buildSuiteResults({
    suite: input.suite,
    matrix: { ...input.matrix, policies: POLICIES },
    shard: input.shard,
    runs: input.runs.map((r) => ({ ...r, impacts: impactsOf(r.scenario, r.seed, r.attack) })),
    series: input.series,
    gates,
  });
}

/** The fixture's results with the two policies (the usual gates, and {@link POLICY_GATES}). */
export function policyResults(): SuiteResults {
  const input = suiteInput();
  return withPolicies(input, [...fixtureGates(input), ...POLICY_GATES]);
}
