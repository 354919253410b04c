// The harness's stdout line protocol, parsed. Kept apart from the process handling in driver.ts so
// it can be unit-tested without a C compiler. The format is described in interop/README.md.

/** One `EV <name> key="value" ...` line from the harness. */
export interface SipeEvent {
  /** Event name, e.g. `signed-on`, `chat-msg`. */
  readonly name: string;
  /** All key="value" pairs, unescaped. Numbers stay strings (`users: "2"`). */
  readonly fields: Readonly<Record<string, string>>;
  /** The line as printed, for failure messages. */
  readonly raw: string;
  /** Position in the client's event list (0-based). */
  readonly index: number;
}

const LINE = /^EV ([a-z][a-z0-9-]*)((?: [A-Za-z_][\w-]*="(?:[^"\\]|\\.)*")*)$/;
const PAIR = /([A-Za-z_][\w-]*)="((?:[^"\\]|\\.)*)"/g;

/** Undoes the harness's escaping: \\ \" \n \r \t \xHH. */
export function unescapeValue(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{2}|.)/g, (_m, e: string) => {
    switch (e[0]) {
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'x':
        return String.fromCharCode(parseInt(e.slice(1), 16));
      default:
        return e; // \\ and \"
    }
  });
}

/** Parses one stdout line; returns undefined for anything that is not a well-formed event line. */
export function parseEventLine(line: string, index = 0): SipeEvent | undefined {
  const m = LINE.exec(line);
  if (!m) return undefined;
  const fields: Record<string, string> = {};
  for (const p of (m[2] ?? '').matchAll(PAIR)) fields[p[1] as string] = unescapeValue(p[2] ?? '');
  return { name: m[1] as string, fields, raw: line, index };
}

/** Quotes a command argument so that newlines and quotes survive (the harness's `say "..."` form). */
export function quoteArg(text: string): string {
  return `"${text.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? c)}"`;
}
