// The declarative cmdlet table (docs/architecture.md, house rule 9): each cmdlet declares its PowerShell
// name, its parameters (type, switch, list edit), the admin API call and its output; parsing,
// -WhatIf/-Confirm, output and help are generated from it (run.ts, help.ts).

export type ParamType =
  | 'string' // text; $null passes null
  | 'int'
  | 'number'
  | 'bool' // -X $true / -X:$false / -X alone = true
  | 'switch' // -X (PowerShell SwitchParameter)
  | 'enum'
  | 'list' // "a","b" | a,b | @("a","b"); $null = empty
  | 'listEdit' // @{Add="a","b";Remove="c"} | a,b (replace) | $null (clear); also --add-x / --remove-x
  | 'date';

export interface ParamDef {
  name: string; // PowerShell spelling, e.g. PersistentChatPoolFqdn
  type: ParamType;
  values?: readonly string[]; // enum
  required?: boolean;
  /** Position for positional use (PowerShell binds -Identity at position 0). */
  position?: number;
  help: string;
  /** API field name; default: the name in camelCase. */
  api?: string;
  /** Accepted for script compatibility with the Lync cmdlet; has no effect in pchat. */
  ignored?: boolean;
}

export type Values = Record<string, unknown>;

export interface ApiCall {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, unknown>;
  body?: Record<string, unknown>;
  /** Optimistic concurrency: where to read the current version when -Version is not given. */
  readVersion?: { path: string; query: Record<string, unknown> };
  /** The version travels in the query (DELETE) instead of the body. */
  versionInQuery?: boolean;
}

export type Output =
  | 'list' // a read: print the objects
  | 'change' // New/Set/Remove/Grant: silent unless -PassThru (or -WhatIf)
  | 'report'; // always print the result object (Clear-, Remove-CsPersistentChatMessage, tokens)

export interface CmdletDef {
  name: string;
  synopsis: string;
  params: ParamDef[];
  /** Builds the API call from the parsed parameters (values keyed by the API field name). */
  call: (v: Values) => ApiCall;
  output: Output;
  /** Writes accept -WhatIf / -Confirm (and -PassThru when output is 'change'). */
  changes?: boolean;
  /** Set-/Remove- cmdlets that send the version they read; adds -Version. */
  versioned?: boolean;
  /** Custom runner (export/import; the synthetic test, which signs in over SIP instead of calling the API). */
  custom?: 'export' | 'import' | 'test-message' | 'user-database' | 'certificate';
  /** Target shown by -WhatIf / -Confirm before the call. */
  target?: (v: Values) => string;
  examples?: string[];
}

export const camel = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
