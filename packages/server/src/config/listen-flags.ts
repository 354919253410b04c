// The listen settings that `pchat serve` also takes as flags and environment variables, so a port can be
// changed without editing the configuration file. Precedence: flag, then environment, then the file.
import { ConfigError } from './errors.js';

/** Flag values as typed on the command line (strings), keyed by the setting under `listen`. */
export interface ListenFlags {
  host?: string | undefined;
  httpPort?: string | undefined;
  sipTcpPort?: string | undefined;
  sipTlsPort?: string | undefined;
}

/** Each setting with the flag and environment variable that set it (docs/deploy.md lists them). */
export const LISTEN_FLAGS = [
  { key: 'host', flag: '--host', env: 'PCHAT_HOST' },
  { key: 'httpPort', flag: '--http-port', env: 'PCHAT_HTTP_PORT' },
  { key: 'sipTcpPort', flag: '--sip-port', env: 'PCHAT_SIP_PORT' },
  { key: 'sipTlsPort', flag: '--tls-port', env: 'PCHAT_TLS_PORT' },
] as const;

/** The `listen` values given by flags and environment variables; a bad port is a ConfigError. */
export function listenOverrides(env: NodeJS.ProcessEnv, flags: ListenFlags = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of LISTEN_FLAGS) {
    const fromFlag = flags[f.key];
    const value = fromFlag ?? env[f.env];
    if (value === undefined || value === '') continue;
    const source = fromFlag !== undefined ? f.flag : f.env;
    if (f.key === 'host') {
      out.host = value;
      continue;
    }
    if (/^(off|none)$/i.test(value)) {
      out[f.key] = null;
      continue;
    }
    const n = Number(value);
    if (!/^\d+$/.test(value) || n > 65535) {
      throw new ConfigError(
        `${source} must be a port number from 0 to 65535 (0: any free port) or "off", not "${value}".`,
      );
    }
    out[f.key] = n;
  }
  return out;
}
