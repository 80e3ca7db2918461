/**
 * A small scenario-like schema for the loader's tests: nested objects, a list
 * of key-tagged stories, durations, decimals and distributions.
 */
import { z } from 'zod';
import { dist } from '../../src/scenario/dist-field.js';
import { bps, decimal, duration, nonNegativeInt, positiveInt, probability } from '../../src/scenario/fields.js';

export const Attack = z.strictObject({
  at: duration(),
  victims: dist(positiveInt(), 'int'),
  limitPrice: decimal(),
  channel: z.enum(['api', 'web', 'app']).optional(),
});

export const Organic = z.strictObject({
  at: duration(),
  followers: dist(positiveInt(), 'int').optional(),
  reactionDelay: dist(duration(), 'duration').optional(),
});

export const Story = z.union([z.strictObject({ attack: Attack }), z.strictObject({ organic: Organic })]);

export const Example = z.strictObject({
  name: z.string(),
  seed: nonNegativeInt().optional(),
  duration: duration({ positive: true }),
  warmup: duration().optional(),
  market: z.strictObject({
    symbol: z.string(),
    tickSize: decimal(),
    lotSize: decimal(),
  }),
  makers: z.strictObject({
    count: positiveInt(),
    spread: bps(),
    cancelRate: dist(probability(), 'number'),
    size: dist(decimal(), 'decimal'),
  }),
  stories: z.array(Story).min(1),
});

export type Example = z.output<typeof Example>;

export const validYaml = `# yaml-language-server: $schema=../schemas/example.json
name: whale-pump
seed: 7
duration: 2h
warmup: 15m
market:
  symbol: THIN/USDT
  tickSize: "0.0001"
  lotSize: "0.1"
makers:
  count: 3
  spread: 25
  cancelRate: { uniform: [0.1, 0.3] }
  size: { normal: { mean: "50", sd: "12.5" } }
stories:
  - organic:
      at: 1h
      followers: { logUniform: [10, 200] }
      reactionDelay: { normal: { mean: 30s, sd: 10s } }
  - attack:
      at: 1h30m
      victims: { choice: [20, 40, 80] }
      limitPrice: "0.0150"
`;
