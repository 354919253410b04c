export * from './errors.js';
export * from './model/principal.js';
export * from './model/topology.js';
export * from './model/room.js';
export * from './model/message.js';
export * from './ports/store.js';
