/** Public face of evaluate/: what happened in the market, and how rules did against the truth. */
export { MarketSummaryBuilder, type MarketSummary, type Bar } from './market-summary.js';
export { episodeShape, largestBarMove, type EpisodeShape } from './episode-shape.js';
export { matchRule, alertsInIncident, type RuleMatches, type AttackMatch, type OrganicMatch } from './match.js';
export { runMetrics, ruleRunMetrics, accountScores, type RunInput, type RunSpan, type RuleRunMetrics, type AccountScore } from './metrics.js';
export { separability, separabilityByRule, sweepPoints, rocAuc, averagePrecision, accountSweep, type RunScores, type Separability, type SweepPoint } from './sweep.js';
export { aggregateRule, wilsonInterval, meanInterval, pooledRatio, type RuleAggregate, type ProportionInterval, type MeanInterval } from './aggregate.js';
export { isAttackRun } from './roles.js';
export { ImpactCollector, type Flows, type Periods, type SymbolFactors } from './impact-collector.js';
export { runImpact, valueIn, type RunImpact, type ReviewVerdictLike } from './impact.js';
export { compareImpact, aggregateImpact, IMPACT_FIELDS, type ImpactComparison, type ImpactAggregate, type ImpactField } from './impact-aggregate.js';
