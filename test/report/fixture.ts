/**
 * The report tests' SuiteResults: the simulated input of fixture-sim.ts with
 * a few gates, and a larger matrix made by copying it (for size tests).
 */
import { buildSuiteResults, type Gate, type SuiteInput, type SuiteResults, type SuiteRun } from '../../src/evaluate/index.js';
import { suiteInput } from './fixture-sim.js';

export { HOSTILE_LABEL, suiteInput } from './fixture-sim.js';

/** A few gates of both levels on the first rules; one of each is expected to fail on most rule sets. */
export function fixtureGates(input: Omit<SuiteInput, 'gates'>): Gate[] {
  const [a, b] = input.matrix.rules.map((r) => r.name);
  const gate = (g: Partial<Gate> & Pick<Gate, 'name' | 'rule' | 'metric'>): Gate => ({
    policy: null,
    scenarios: null,
    min: null,
    max: null,
    on: 'value',
    level: 'error',
    ...g,
  });
  return [
    gate({ name: 'catches the pump', rule: a!, metric: 'detection', min: 0.5 }),
    gate({ name: 'no honest harm', rule: a!, metric: 'honestNamedInOrganic', max: 0, level: 'warn' }),
    gate({ name: 'separates <runs>', rule: b ?? a!, metric: 'rocAuc', min: 0.75 }),
    gate({ name: 'latency under 10 minutes', rule: b ?? a!, metric: 'latencyMs', max: 600_000, level: 'warn' }),
  ];
}

/** The fixture's results with the given gates (default: {@link fixtureGates}). */
export function suiteResults(gates?: readonly Gate[]): SuiteResults {
  const input = suiteInput();
  return buildSuiteResults({ ...input, gates: gates ?? fixtureGates(input) });
}

/**
 * A larger matrix made from the simulated one without simulating again: each
 * scenario repeated `copies` times under new labels, each run repeated to
 * `seeds` seeds. For size and truncation tests only (the repeats are copies).
 */
export function scaledResults(copies: number, seeds: number, gates?: readonly Gate[]): SuiteResults {
  const input = suiteInput();
  const label = (name: string, k: number) => (k === 0 ? name : `${name} #${k + 1}`);
  const scenarios = Array.from({ length: copies }, (_, k) => input.matrix.scenarios.map((s) => ({ ...s, name: label(s.name, k) }))).flat();
  const seedList = Array.from({ length: seeds }, (_, i) => i + 1);
  const runs: SuiteRun[] = [];
  for (let k = 0; k < copies; k++) {
    for (const s of input.matrix.scenarios) {
      const mine = input.runs.filter((r) => r.scenario === s.name);
      seedList.forEach((seed, i) => runs.push({ ...mine[i % mine.length]!, scenario: label(s.name, k), seed }));
    }
  }
  const series = Array.from({ length: copies }, (_, k) => input.series.map((s) => ({ ...s, scenario: label(s.scenario, k) }))).flat();
  return buildSuiteResults({
    ...input,
    matrix: { ...input.matrix, scenarios, seeds: seedList },
    runs,
    series,
    gates: gates ?? fixtureGates(input),
  });
}
