// Building blocks of the cmdlet table.
import type { ParamDef, Values } from '../types.js';

export const identity = (help: string, required = true): ParamDef => ({
  name: 'Identity',
  type: 'string',
  required,
  position: 0,
  help,
});
export const pool: ParamDef = {
  name: 'PersistentChatPoolFqdn',
  type: 'string',
  help: 'pool FQDN; may be left out when there is one pool',
};
export const ignored = (name: string, type: ParamDef['type'] = 'string'): ParamDef => ({
  name,
  type,
  ignored: true,
  help: 'accepted for script compatibility; has no effect in pchat',
});

/** The values without undefined entries. */
export function defined(v: Values, ...drop: string[]): Values {
  const out: Values = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined && !drop.includes(k)) out[k] = x;
  return out;
}

export const byIdentity = (path: string) => (v: Values) => ({ path, query: { identity: v.identity } });
