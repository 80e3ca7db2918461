/** Public face of agents/: behaviours in the market, and the truth they record. */
export type { Agent, AgentContext, AgentInfo, MarketUpdate } from './agent.js';
export { TruthRecorder, IncidentRecorder } from './truth-recorder.js';
export { MarketMaker, MARKET_MAKER_INFO, type MarketMakerParams } from './market-maker.js';
export { NoiseTrader, NOISE_TRADER_INFO, type NoiseTraderParams } from './noise-trader.js';
export { BackgroundPopulation, BACKGROUND_INFO, type BackgroundParams } from './background.js';
export { MomentumFollowers, MOMENTUM_FOLLOWER_INFO, type MomentumFollowerParams } from './momentum-follower.js';
export { Whale, WHALE_INFO, type WhaleParams } from './whale.js';
export { CopyTrading, COPY_TRADING_INFO, type CopyTradingParams } from './copy-trading.js';
export { Victims, VICTIM_INFO, type VictimParams, type VictimRoster } from './victim.js';
export { Attacker, ATTACKER_INFO, type AttackerParams } from './attacker.js';
export { CashOut, CASH_OUT_INFO, type CashOutParams } from './cash-out.js';

import type { AgentInfo } from './agent.js';
import { ATTACKER_INFO } from './attacker.js';
import { BACKGROUND_INFO } from './background.js';
import { CASH_OUT_INFO } from './cash-out.js';
import { COPY_TRADING_INFO } from './copy-trading.js';
import { MARKET_MAKER_INFO } from './market-maker.js';
import { MOMENTUM_FOLLOWER_INFO } from './momentum-follower.js';
import { NOISE_TRADER_INFO } from './noise-trader.js';
import { VICTIM_INFO } from './victim.js';
import { WHALE_INFO } from './whale.js';

/** Every behaviour, for `surveil list agents`. */
export const AGENT_CATALOGUE: readonly AgentInfo[] = [
  MARKET_MAKER_INFO,
  NOISE_TRADER_INFO,
  BACKGROUND_INFO,
  MOMENTUM_FOLLOWER_INFO,
  WHALE_INFO,
  COPY_TRADING_INFO,
  VICTIM_INFO,
  ATTACKER_INFO,
  CASH_OUT_INFO,
];
export { homeIp, deviceId } from './identity.js';
