export * from './records.js';
export { syncDirectory, type SyncInput } from './apply.js';
export { SYNC_ACTOR } from './principals.js';
