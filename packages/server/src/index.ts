export * from './main.js';
export * from './config/load.js';
export * from './config/schema.js';
export { createLogger } from './logger.js';
