export * from './main.js';
export * from './config/load.js';
export * from './config/schema.js';
export { createLogger } from './logger.js';
export {
  COMPLIANCE_DEFAULTS,
  effectiveCompliance,
  putCompliance,
  type ComplianceConfiguration,
} from './compliance/settings.js';
export type { FileTransferEvent } from './compliance/recorder.js';
