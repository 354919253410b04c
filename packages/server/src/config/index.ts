// What the CLI needs to find its server without loading the server (`@pchat/server/config`): the
// configuration loader and the admin API address a data directory records.
export { loadConfig, dataPath, DEFAULT_CONFIG_FILE, type LoadOptions } from './load.js';
export { ConfigError } from './errors.js';
export type { PchatConfig } from './schema.js';
export {
  ADMIN_ADDRESS_FILE,
  configuredAdminUrl,
  readAdminAddress,
  writeAdminAddress,
} from './admin-address.js';
