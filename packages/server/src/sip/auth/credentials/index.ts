export * from './vault.js';
export * from './passwords.js';
