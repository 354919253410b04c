// PowerShell-style arguments (-Word is normalised to --Word): parameter names are
// case-insensitive and accept -Name value, -Name:value, --name value, --name=value and kebab-case
// (--persistent-chat-pool-fqdn) and, as PowerShell does, any unique prefix of a name (-Desc for
// -Description). SwitchParameters (-WhatIf, -Force, ...) stand alone (-X:$false turns one off); a Boolean
// parameter always takes its value (-Disabled $true): alone it is an error, because bash expands an
// unquoted $false to nothing and the cmdlet would otherwise silently do the opposite. Lists accept
// "a","b", a,b and @("a","b"); list edits accept @{Add="a","b";Remove="c"},
// --add-members/--remove-members/--clear-members, and $null (clears). Errors name the parameter and the fix.
import { camel, type CmdletDef, type ParamDef, type Values } from './types.js';

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Parameters every admin cmdlet takes (pchat's connection options and PowerShell's common ones). */
export const COMMON: ParamDef[] = [
  {
    name: 'Server',
    type: 'string',
    help: "admin API base URL (default PCHAT_SERVER, else the address of the data directory's server)",
  },
  {
    name: 'Token',
    type: 'string',
    help: "admin token (default PCHAT_TOKEN, else <DataDir>/admin-token, sent only to that directory's server)",
  },
  {
    name: 'Config',
    type: 'string',
    help: 'the configuration file of `pchat serve` (default PCHAT_CONFIG, else ./pchat.yaml if present)',
  },
  {
    name: 'DataDir',
    type: 'string',
    help: "data directory of the server (default PCHAT_DATA_DIR, else the configuration's dataDir)",
  },
  {
    name: 'AdminUser',
    type: 'string',
    help: "sign in with Basic instead: an administrator's SIP address (default PCHAT_USER)",
  },
  { name: 'AdminPassword', type: 'string', help: 'password for -AdminUser (default PCHAT_PASSWORD)' },
  { name: 'Json', type: 'switch', help: 'print JSON instead of PowerShell-style lists' },
  {
    name: 'Ids',
    type: 'switch',
    help: 'show principals by identity (SIP URI, ma-grp:...) instead of display name',
  },
];
export const WRITE_COMMON: ParamDef[] = [
  {
    name: 'WhatIf',
    type: 'switch',
    help: 'show what would change; change nothing (the server validates and rolls back)',
  },
  { name: 'Confirm', type: 'switch', help: 'ask before changing (needs a terminal)' },
];
export const PASSTHRU: ParamDef = {
  name: 'PassThru',
  type: 'switch',
  help: 'print the object created or changed',
};
export const VERSION: ParamDef = {
  name: 'Version',
  type: 'string',
  help: 'the version you read (default: read it now); a stale version is refused',
};

const norm = (s: string) => s.replace(/-/g, '').toLowerCase();
const BOOL_TRUE = new Set(['$true', 'true', '1', 'yes']);
const BOOL_FALSE = new Set(['$false', 'false', '0', 'no']);
const isBoolLiteral = (s: string | undefined) =>
  s !== undefined && (BOOL_TRUE.has(s.toLowerCase()) || BOOL_FALSE.has(s.toLowerCase()));
const isNull = (s: string) => s.trim().toLowerCase() === '$null';

/** Splits `"a","b"`, `a,b`, `@("a","b")` into items; quotes protect commas. */
export function splitList(raw: string): string[] {
  let s = raw.trim();
  const m = /^@\(([\s\S]*)\)$/.exec(s);
  if (m) s = m[1] ?? '';
  const out: string[] = [];
  const re = /\s*(?:"([^"]*)"|'([^']*)'|([^,]+?))\s*(?:,|$)/gy;
  let x: RegExpExecArray | null;
  while (re.lastIndex < s.length && (x = re.exec(s)) !== null) {
    const v = x[1] ?? x[2] ?? x[3] ?? '';
    if (v !== '') out.push(v);
    if (x[0] === '') break;
  }
  return out;
}

/** Parses @{Add="a","b";Remove="c";Replace=...} into a list edit. */
export function parseListEdit(
  raw: string,
  param: string,
): { add?: string[]; remove?: string[]; replace?: string[] | null } {
  const s = raw.trim();
  if (isNull(s)) return { replace: null };
  const m = /^@\{([\s\S]*)\}$/.exec(s);
  if (!m) return { replace: splitList(s) };
  const out: { add?: string[]; remove?: string[]; replace?: string[] | null } = {};
  const parts = (m[1] ?? '').match(/(?:[^;"']|"[^"]*"|'[^']*')+/g) ?? [];
  for (const part of parts) {
    const kv = /^\s*(\w+)\s*=\s*([\s\S]*)$/.exec(part);
    if (!kv?.[1]) continue;
    const key = kv[1].toLowerCase();
    const value = (kv[2] ?? '').trim();
    if (key === 'add') out.add = splitList(value);
    else if (key === 'remove') out.remove = splitList(value);
    else if (key === 'replace') out.replace = isNull(value) ? null : splitList(value);
    else
      throw new UsageError(
        `-${param}: '${kv[1]}' is not a list operation. Use @{Add="...";Remove="..."} or @{Replace="..."}.`,
      );
  }
  return out;
}

function convert(p: ParamDef, raw: string, cmdlet: string): unknown {
  switch (p.type) {
    case 'string':
      return isNull(raw) ? null : raw;
    case 'int':
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n) || (p.type === 'int' && !Number.isInteger(n))) {
        throw new UsageError(
          `${cmdlet}: -${p.name} must be a ${p.type === 'int' ? 'whole ' : ''}number; got '${raw}'.`,
        );
      }
      return n;
    }
    case 'bool':
    case 'switch': {
      if (raw === '') throw new UsageError(boolNeedsValue(cmdlet, p));
      if (BOOL_TRUE.has(raw.toLowerCase())) return true;
      if (BOOL_FALSE.has(raw.toLowerCase())) return false;
      throw new UsageError(`${cmdlet}: -${p.name} takes $true or $false; got '${raw}'.`);
    }
    case 'enum': {
      const v = p.values?.find((x) => x.toLowerCase() === raw.toLowerCase());
      if (!v)
        throw new UsageError(`${cmdlet}: -${p.name} must be one of ${p.values?.join(', ')}; got '${raw}'.`);
      return v;
    }
    case 'list':
      return isNull(raw) ? [] : splitList(raw);
    case 'listEdit':
      return parseListEdit(raw, p.name);
    case 'date':
      if (!Number.isFinite(Date.parse(raw)))
        throw new UsageError(
          `${cmdlet}: -${p.name} '${raw}' is not a date: use e.g. 2026-11-01 or 2026-11-01T12:00:00Z.`,
        );
      return raw;
  }
}

/** The refusal of a Boolean parameter without its value, with the spellings that work in bash and PowerShell. */
function boolNeedsValue(cmdlet: string, p: ParamDef): string {
  return `${cmdlet}: -${p.name} needs a value, $true or $false. Write -${p.name} '$false' (in single quotes: the shell turns an unquoted $false into nothing), -${p.name} false, or -${p.name}:$false.`;
}

/** A parameter by its normalised name, or by a unique prefix of it (PowerShell's parameter binding). */
function lookup(
  def: CmdletDef,
  byName: ReadonlyMap<string, ParamDef>,
  typed: string,
  name: string,
): ParamDef | undefined {
  const exact = byName.get(name);
  if (exact) return exact;
  const hits = [...new Set([...byName.values()].filter((p) => norm(p.name).startsWith(name)))];
  if (hits.length === 1) return hits[0];
  if (hits.length > 1)
    throw new UsageError(
      `${def.name}: -${typed} is ambiguous: it could be ${hits.map((p) => `-${p.name}`).join(', ')}. Give more of the name.`,
    );
  return undefined;
}

const looksLikeParameter = (s: string | undefined) => s !== undefined && /^--?[A-Za-z]/.test(s);

export interface Parsed {
  /** Cmdlet parameters, keyed by API field name. */
  values: Values;
  /** Common parameters, keyed by PowerShell name. */
  common: Record<string, unknown>;
  /** Which PowerShell names were given. */
  given: Set<string>;
}

export function allParams(def: CmdletDef): ParamDef[] {
  // A cmdlet may redefine a common parameter (Test-CsPersistentChatMessage's -Server is the SIP server).
  const own = new Set(def.params.map((p) => p.name));
  const common = COMMON.filter((p) => !own.has(p.name));
  return [
    ...def.params,
    ...(def.changes ? WRITE_COMMON : []),
    ...(def.output === 'change' ? [PASSTHRU] : []),
    ...(def.versioned ? [VERSION] : []),
    ...common,
  ];
}

export function parseArgs(def: CmdletDef, argv: readonly string[]): Parsed {
  const params = allParams(def);
  // The cmdlet's own parameters win over common ones of the same name.
  const byName = new Map([...params].reverse().map((p) => [norm(p.name), p]));
  const commonNames = new Set([...COMMON, ...WRITE_COMMON, PASSTHRU, VERSION].map((p) => p.name));
  const out: Parsed = { values: {}, common: {}, given: new Set() };
  const set = (p: ParamDef, v: unknown) => {
    if (out.given.has(p.name) && p.type !== 'listEdit')
      throw new UsageError(`${def.name}: -${p.name} is given twice. Give it once.`);
    out.given.add(p.name);
    if (p.ignored) return;
    if (commonNames.has(p.name)) out.common[p.name] = v;
    else {
      const key = p.api ?? camel(p.name);
      if (p.type === 'listEdit' && out.values[key] && v && typeof v === 'object')
        Object.assign(out.values[key] as object, v);
      else out.values[key] = v;
    }
  };
  let position = 0;
  for (let i = 0; i < argv.length; i++) {
    const t = argv[i] as string;
    const m = /^--?([A-Za-z][\w-]*)(?::([\s\S]*)|=([\s\S]*))?$/.exec(t);
    if (m?.[1]) {
      const inline = m[2] ?? m[3];
      const name = norm(m[1]);
      // Friendly list edits: --add-members a,b  --remove-members c  --clear-members
      const edit = /^(add|remove|clear)(.+)$/.exec(name);
      const target = edit?.[2] ? byName.get(edit[2]) : undefined;
      if (!byName.has(name) && edit && target?.type === 'listEdit') {
        if (edit[1] === 'clear') {
          set(target, { replace: null });
          continue;
        }
        const raw = inline ?? argv[++i];
        if (raw === undefined)
          throw new UsageError(`${def.name}: --${m[1]} needs a value (a list such as a,b).`);
        set(target, { [edit[1] as string]: splitList(raw) });
        continue;
      }
      const p = lookup(def, byName, m[1], name);
      if (!p) {
        throw new UsageError(
          `${def.name}: there is no parameter -${m[1]}. Parameters: ${params.map((x) => `-${x.name}`).join(' ')}. See pchat ${def.name} -?`,
        );
      }
      if (p.type === 'switch') {
        if (inline !== undefined) set(p, convert(p, inline, def.name));
        else if (isBoolLiteral(argv[i + 1])) set(p, convert(p, argv[++i] as string, def.name));
        else set(p, true);
        continue;
      }
      if (p.type === 'bool') {
        const raw = inline ?? (looksLikeParameter(argv[i + 1]) ? undefined : argv[++i]);
        if (raw === undefined) throw new UsageError(boolNeedsValue(def.name, p));
        set(p, convert(p, raw, def.name));
        continue;
      }
      const raw = inline ?? argv[++i];
      if (raw === undefined) throw new UsageError(`${def.name}: -${p.name} needs a value.`);
      set(p, convert(p, raw, def.name));
      continue;
    }
    const p = def.params.find((x) => x.position === position);
    if (!p)
      throw new UsageError(
        `${def.name}: unexpected argument '${t}'. Name the parameter it is for (e.g. -Identity "${t}").`,
      );
    position++;
    set(p, convert(p, t, def.name));
  }
  const missing = def.params.filter((p) => p.required && !out.given.has(p.name));
  if (missing.length)
    throw new UsageError(
      `${def.name}: missing ${missing.map((p) => `-${p.name}`).join(', ')}. Example: ${def.examples?.[0] ?? `pchat ${def.name} -?`}`,
    );
  return out;
}
