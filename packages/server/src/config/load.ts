// Loads, defaults and validates the configuration. A bad file is refused with every problem listed by
// its path in the file, so an administrator can fix them in one go.
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Value } from 'typebox/value';
import { ConfigSchema, type PchatConfig } from './schema.js';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface LoadOptions {
  /** Path of the file; PCHAT_CONFIG when absent; no file = all defaults. */
  file?: string | undefined;
  /** Overrides dataDir (--data-dir, PCHAT_DATA_DIR). */
  dataDir?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Values merged over the file (tests use this to pick ports and stores). */
  overrides?: DeepPartial<PchatConfig>;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export function loadConfig(opts: LoadOptions = {}): PchatConfig {
  const env = opts.env ?? process.env;
  const file = opts.file ?? env.PCHAT_CONFIG;
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
  const merged = mergeDeep(raw, opts.overrides ?? {});
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
