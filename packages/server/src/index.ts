export * from './main.js';
export * from './config/load.js';
export * from './config/schema.js';
export { LISTEN_FLAGS, type ListenFlags } from './config/listen-flags.js';
export { ListenError } from './setup/listeners.js';
export { createLogger } from './logger.js';
export {
  COMPLIANCE_DEFAULTS,
  effectiveCompliance,
  putCompliance,
  type ComplianceConfiguration,
} from './compliance/settings.js';
export type { FileTransferEvent } from './compliance/recorder.js';
