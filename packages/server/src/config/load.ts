// Loads, defaults and validates the configuration. A bad file is refused with every problem listed by
// its path in the file, so an administrator can fix them in one go.
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Value } from 'typebox/value';
import { ConfigSchema, type PchatConfig } from './schema.js';
import { ConfigError } from './errors.js';
import { listenOverrides, type ListenFlags } from './listen-flags.js';

export { ConfigError };

/** Read when neither --config nor PCHAT_CONFIG names a file and it exists in the working directory. */
export const DEFAULT_CONFIG_FILE = 'pchat.yaml';

export interface LoadOptions {
  /** Path of the file; PCHAT_CONFIG when absent, then ./pchat.yaml if it exists; no file = all defaults. */
  file?: string | undefined;
  /** --host, --http-port, --sip-port, --tls-port (over PCHAT_HOST, PCHAT_*_PORT, over the file). */
  listen?: ListenFlags;
  /** Overrides dataDir (--data-dir, PCHAT_DATA_DIR). */
  dataDir?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Values merged over the file (tests use this to pick ports and stores). */
  overrides?: DeepPartial<PchatConfig>;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export function loadConfig(opts: LoadOptions = {}): PchatConfig {
  const env = opts.env ?? process.env;
  const file =
    opts.file ?? env.PCHAT_CONFIG ?? (existsSync(DEFAULT_CONFIG_FILE) ? DEFAULT_CONFIG_FILE : undefined);
  let raw: unknown = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new ConfigError(`Cannot read the configuration file ${file}: ${(e as Error).message}`);
    }
    try {
      raw = parseYaml(text) ?? {};
    } catch (e) {
      throw new ConfigError(`The configuration file ${file} is not valid YAML/JSON: ${(e as Error).message}`);
    }
  }
  const fromFlags = listenOverrides(env, opts.listen);
  const withFlags = Object.keys(fromFlags).length ? mergeDeep(raw, { listen: fromFlags }) : raw;
  const merged = mergeDeep(withFlags, opts.overrides ?? {});
  const dataDir = opts.dataDir ?? env.PCHAT_DATA_DIR;
  if (dataDir && typeof merged === 'object' && merged) (merged as Record<string, unknown>).dataDir = dataDir;
  const withDefaults = Value.Default(ConfigSchema, merged);
  const errors = [...Value.Errors(ConfigSchema, withDefaults)];
  if (errors.length) {
    const lines = errors.map((e) => `  ${e.instancePath || '/'}: ${e.message}`);
    throw new ConfigError(
      `Invalid configuration${file ? ` in ${file}` : ''}:\n${[...new Set(lines)].join('\n')}`,
    );
  }
  const config = withDefaults as PchatConfig;
  config.dataDir = isAbsolute(config.dataDir) ? config.dataDir : resolve(config.dataDir);
  return config;
}

/** Resolves a path from the config relative to the data directory. */
export function dataPath(config: PchatConfig, p: string): string {
  return isAbsolute(p) ? p : resolve(config.dataDir, p);
}

function mergeDeep(a: unknown, b: unknown): unknown {
  if (isPlain(a) && isPlain(b)) {
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = k in out ? mergeDeep(out[k], v) : v;
    return out;
  }
  return b === undefined ? a : b;
}

function isPlain(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
