export * from './sip/index.js';
