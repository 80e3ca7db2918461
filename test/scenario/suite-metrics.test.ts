/**
 * scenario/ may not import evaluate/, so the suite schema keeps its own list
 * of gate metric names: this keeps it equal to the metrics gates can compute.
 */
import { describe, expect, it } from 'vitest';
import { GATE_METRICS, POLICY_GATE_METRICS } from '../../src/evaluate/gates.js';
import { POLICY_METRICS, SUITE_GATE_METRICS } from '../../src/scenario/index.js';

describe('gate metric names', () => {
  it('are the same in the suite schema and in evaluate/', () => {
    expect([...SUITE_GATE_METRICS].sort()).toEqual(Object.keys(GATE_METRICS).sort());
    expect([...POLICY_METRICS].sort()).toEqual([...POLICY_GATE_METRICS].sort());
  });
});
