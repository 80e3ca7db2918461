/** Public face of evaluate/: what happened in the market, and how rules did against the truth. */
export { MarketSummaryBuilder, type MarketSummary, type Bar } from './market-summary.js';
export { episodeShape, largestBarMove, type EpisodeShape } from './episode-shape.js';
export { matchRule, alertsInIncident, type RuleMatches, type AttackMatch, type OrganicMatch } from './match.js';
export { runMetrics, ruleRunMetrics, accountScores, type RunInput, type RunSpan, type RuleRunMetrics, type AccountScore } from './metrics.js';
export { separability, separabilityByRule, sweepPoints, rocAuc, averagePrecision, accountSweep, type RunScores, type Separability, type SweepPoint, type RuleSeparability } from './sweep.js';
export { aggregateRule, wilsonInterval, meanInterval, pooledRatio, type RuleAggregate, type ProportionInterval, type MeanInterval } from './aggregate.js';
export { isAttackRun } from './roles.js';
export {
  buildSuiteResults,
  seriesAlerts,
  SUITE_RESULTS_SCHEMA_VERSION,
  type SuiteResults,
  type SuiteInput,
  type SuiteRun,
  type SuiteRule,
  type SuiteScenario,
  type ScenarioSeries,
  type SeriesAlert,
  type CellAggregate,
  type RuleSummary,
} from './suite-results.js';
export { evaluateGates, verdictOf, GATE_METRICS, type Gate, type GateMetric, type GateResult } from './gates.js';
export { baselineOf, diffBaseline, metricKey, ALL_SCENARIOS, BASELINE_FORMAT, BASELINE_VERSION, type Baseline, type BaselineDiff, type MetricChange, type ChangeKind } from './baseline.js';
export { replayTape, tapeOrigin, type TapeAlert } from './tape-replay.js';
export {
  episodeStarts,
  scoreEvent,
  scoreNegative,
  scoreLongWindow,
  inScreenedSpike,
  highIn,
  HIT_BEFORE_MS,
  HIT_AFTER_MS,
  type PumpEventCase,
  type NegativeCase,
  type LongWindowCase,
  type Spike,
  type FalseAlarm,
  type EventScore,
  type NegativeScore,
  type LongWindowScore,
} from './pump-cases.js';
export { pumpFigures, percentile, delayFigures, falseAlarmRate, byCoin, type PumpFigures, type FalseAlarmFigures, type DelayFigures, type ScoredCases } from './pump-figures.js';
export { heldOut, chooseEntry, spread, type GridEntry, type HeldOut, type SplitOutcome, type Spread, type Objective } from './pump-heldout.js';
export { coinSplit, coinSplits, type CoinSplit } from './coin-split.js';
export { poissonRateInterval, poissonMeanInterval, poissonCdf, type RateInterval } from './poisson-interval.js';
export { scoreRules, pumpGrid, ruleConfig, gridLabel, TRADE_LEVEL_RULES, type GridPoint, type PumpCases } from './pump-study.js';
export { natsdFigures, type NatsdFigures, type NatsdCandle, type FeatureChunk } from './natsd-check.js';
export { ImpactCollector, type Flows, type Periods, type SymbolFactors } from './impact-collector.js';
export { runImpact, valueIn, type RunImpact, type ReviewVerdictLike } from './impact.js';
export { compareImpact, aggregateImpact, IMPACT_FIELDS, type ImpactComparison, type ImpactAggregate, type ImpactField } from './impact-aggregate.js';
export { policyAggregates, NO_POLICY, ATTACK_SCENARIOS, ORGANIC_SCENARIOS, type PolicyAggregate, type RunImpacts } from './suite-policies.js';
export type { SuitePolicy } from './suite-results.js';
