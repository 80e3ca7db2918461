/** Public face of core/: integer units, ids, events, decimals, random streams. */
export * from './units.js';
export * from './ids.js';
export * from './events.js';
export * from './decimal.js';
export * from './random.js';
export * from './truth.js';
export * from './trade-tape.js';
export * from './duration.js';
export * from './typed-arrays.js';
