/** Public face of sim/: the discrete-event simulation. */
export { Simulation, type SimulationOptions, type Observer, type ObserverApi, type RunStats } from './simulation.js';
export { EventQueue } from './event-queue.js';
export { DEFAULT_LATENCY, type LatencyModel, type ChannelLatency } from './latency.js';
