export * from './sip/index.js';
export * from './xccos/index.js';
export * from './provisioning/index.js';
export * from './http/directory-token.js';
export * from './presence/index.js';
export * from './http/web-session.js';
