// PowerShell-like output: each object as a block of "Name : value" lines (Format-List), property names in
// PascalCase, lists as {a, b}, booleans as True/False; -Json prints the API's JSON for scripts with the
// same PascalCase property names (as ConvertTo-Json of the Lync objects would), so a script reads the
// name it sees in the list.

const pascal = (k: string) => k.charAt(0).toUpperCase() + k.slice(1);
// Property names only: keys that are data (SIP URIs, FQDNs, ids) keep their spelling.
const PROPERTY = /^[a-z][A-Za-z0-9]*$/;

/** The API's objects with PascalCase property names, at every depth. */
export function pascalKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(pascalKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => [PROPERTY.test(k) ? pascal(k) : k, pascalKeys(x)]),
    );
  return v;
}

function value(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (Array.isArray(v))
    return `{${v.map((x) => (typeof x === 'object' && x !== null ? JSON.stringify(pascalKeys(x)) : value(x))).join(', ')}}`;
  if (typeof v === 'object')
    return Object.entries(v)
      .map(([k, x]) => `${pascal(k)}=${value(x)}`)
      .join('; ');
  return String(v);
}

export function formatList(items: readonly unknown[]): string {
  const blocks: string[] = [];
  for (const item of items) {
    if (item === null || typeof item !== 'object') {
      blocks.push(value(item));
      continue;
    }
    const entries = Object.entries(item as Record<string, unknown>);
    const width = Math.max(...entries.map(([k]) => k.length));
    blocks.push(entries.map(([k, v]) => `${pascal(k).padEnd(width)} : ${value(v)}`).join('\n'));
  }
  return blocks.length ? `\n${blocks.join('\n\n')}\n` : '';
}

export function print(data: unknown, json: boolean): void {
  if (json) {
    process.stdout.write(JSON.stringify(pascalKeys(data), null, 2) + '\n');
    return;
  }
  const items = Array.isArray(data) ? data : data === null || data === undefined ? [] : [data];
  process.stdout.write(formatList(items));
}
