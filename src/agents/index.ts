/** Public face of agents/: behaviours in the market, and the truth they record. */
export type { Agent, AgentContext, MarketUpdate } from './agent.js';
export { TruthRecorder, IncidentRecorder } from './truth-recorder.js';
