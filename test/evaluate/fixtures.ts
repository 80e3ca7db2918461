/**
 * A hand-made run for the evaluation tests. Every expected number in the tests
 * is worked out by hand from this table.
 *
 * Accounts: 1 attacker; 2, 3 victims of atk1; 4 victim of atk2; 5 whale;
 * 6 follower; 7 maker; 8 background. Account 2 is a victim in atk1 and not
 * involved in atk2. Grace is the default 600 000 ms.
 *
 *   incident  kind     symbol   start      end        harm     window
 *   atk1      attack   ALT/BTC  100 000    200 000    180 000  [100 000, 800 000]
 *   atk2      attack   XYZ/BTC  1 000 000  1 100 000  null     [1 000 000, 1 700 000]
 *   org1      organic  ALT/BTC  2 000 000  2 500 000  null     [2 000 000, 3 100 000]
 *
 * Span: storyStart 50 000, endTime half a day (43 200 000).
 */
import type { GroundTruth, Incident } from '../../src/core/index.js';
import { truthSchema } from '../../src/core/index.js';
import type { Alert } from '../../src/detect/index.js';
import type { RunSpan } from '../../src/evaluate/metrics.js';

export const ALT = 'ALT/BTC';
export const XYZ = 'XYZ/BTC';

export function incident(p: Partial<Incident> & Pick<Incident, 'id' | 'kind' | 'symbol' | 'start' | 'end'>): Incident {
  return { models: 'test', prepStart: Math.min(p.start, p.prepStart ?? p.start), harmPoint: null, accounts: [], ...p };
}

export const atk1 = incident({
  id: 'atk1',
  kind: 'attack',
  symbol: ALT,
  prepStart: 0,
  start: 100_000,
  end: 200_000,
  harmPoint: 180_000,
  accounts: [
    { account: 1, role: 'attacker' },
    { account: 2, role: 'victim' },
    { account: 3, role: 'victim' },
  ],
});

export const atk2 = incident({
  id: 'atk2',
  kind: 'attack',
  symbol: XYZ,
  start: 1_000_000,
  end: 1_100_000,
  accounts: [
    { account: 1, role: 'attacker' },
    { account: 4, role: 'victim' },
  ],
});

export const org1 = incident({
  id: 'org1',
  kind: 'organic',
  symbol: ALT,
  start: 2_000_000,
  end: 2_500_000,
  accounts: [
    { account: 5, role: 'whale' },
    { account: 6, role: 'follower' },
  ],
});

export const ACCOUNTS: GroundTruth['accounts'] = [
  { account: 1, role: 'attacker', agent: 'attacker' },
  { account: 2, role: 'victim', agent: 'victim-1' },
  { account: 3, role: 'victim', agent: 'victim-2' },
  { account: 4, role: 'victim', agent: 'victim-3' },
  { account: 5, role: 'whale', agent: 'whale' },
  { account: 6, role: 'follower', agent: 'follower' },
  { account: 7, role: 'maker', agent: 'maker' },
  { account: 8, role: 'background', agent: 'background' },
];

export function truth(incidents: Incident[], accounts = ACCOUNTS): GroundTruth {
  return truthSchema.parse({ format: 'surveil-truth', version: 1, scenario: 'test', seed: 1, accounts, incidents, maliciousOrders: [] });
}

export const TRUTH = truth([atk1, atk2, org1]);
export const SPAN: RunSpan = { storyStart: 50_000, endTime: 43_200_000 };

let seq = 0;
export function alert(rule: string, t: number, symbol: string | null, accounts: number[], score = 0.5): Alert {
  seq += 1;
  return { t, seq, rule, symbol, accounts, score, evidence: [], explanation: `${rule} at ${t}` };
}

/**
 * Rule `r` (names accounts):
 *   a1  90 000     ALT  [2]     0.3  before atk1 starts (preparation): outside
 *   a2  150 000    ALT  [5]     0.4  atk1 window, names only an honest whale
 *   a3  170 000    ALT  [2, 8]  0.9  atk1 window, victim 2: detected, latency 70 000, before harm
 *   a4  1 050 000  XYZ  [2]     0.5  atk2 window, but 2 is not involved in atk2
 *   a5  1 750 000  XYZ  [4]     0.8  after atk2's end + grace: outside
 *   a6  2 100 000  ALT  [5,6,2] 0.6  org1 window: honest 5 and 6, victim 2
 *   a7  10 000     ALT  []      0.2  warm-up (before storyStart), symbol-only, outside
 * Rule `s` (symbol-only):
 *   s1  120 000    ALT  []      0.7  atk1: latency 20 000, before harm
 *   s2  1 700 000  XYZ  []      0.35 atk2: exactly at end + grace, latency 700 000
 */
export const ALERTS: Alert[] = [
  alert('r', 90_000, ALT, [2], 0.3),
  alert('r', 150_000, ALT, [5], 0.4),
  alert('s', 120_000, ALT, [], 0.7),
  alert('r', 170_000, ALT, [2, 8], 0.9),
  alert('r', 1_050_000, XYZ, [2], 0.5),
  alert('s', 1_700_000, XYZ, [], 0.35),
  alert('r', 1_750_000, XYZ, [4], 0.8),
  alert('r', 2_100_000, ALT, [5, 6, 2], 0.6),
  alert('r', 10_000, ALT, [], 0.2),
];
