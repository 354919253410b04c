// A configuration that cannot be used; the message lists what is wrong and where, for the administrator.
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}
