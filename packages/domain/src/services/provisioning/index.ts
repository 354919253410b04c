// Provisioning: the administrator's side of the model (pools, sites, directory, policies, configuration,
// endpoints and trusted applications). Rooms, categories and add-ins live in the sibling services.
export * from './validate.js';
export * from './system-actor.js';
export * from './pools.js';
export * from './directory.js';
export * from './policies.js';
export * from './endpoints.js';
export * from './trusted-pools.js';
