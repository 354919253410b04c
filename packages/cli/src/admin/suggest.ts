// "Did you mean": the cmdlets closest to a name that is not one, instead of the whole help. Closeness is
// the edit distance of the lower-cased names, plus every cmdlet whose noun contains the typed noun
// (Get-Room finds Get-CsPersistentChatRoom).
import type { CmdletDef } from './types.js';

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(
        (prev[j] as number) + 1,
        (cur[j - 1] as number) + 1,
        (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    prev = cur;
  }
  return prev[b.length] as number;
}

export function closestCmdlets(typed: string, cmdlets: readonly CmdletDef[], max = 3): string[] {
  const t = typed.toLowerCase();
  const [verb, noun = ''] = t.split(/-(.*)/s);
  const scored = cmdlets
    .map((c) => {
      const n = c.name.toLowerCase();
      const [cVerb] = n.split('-');
      const contains = noun.length >= 3 && n.includes(noun) && (cVerb === verb || verb === '');
      return { name: c.name, d: contains ? 0 : distance(t, n) };
    })
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
  const best = scored[0]?.d ?? 0;
  const limit = Math.min(Math.max(3, Math.floor(t.length / 3)), best + Math.floor(best / 2));
  return scored
    .filter((x) => x.d <= limit)
    .slice(0, max)
    .map((x) => x.name);
}

/** The refusal of an unknown cmdlet (exit 2). */
export function unknownCmdlet(typed: string, cmdlets: readonly CmdletDef[]): string {
  const near = closestCmdlets(typed, cmdlets);
  const hint = near.length
    ? ` Did you mean ${near.length === 1 ? near[0] : `one of: ${near.join(', ')}`}?`
    : '';
  return `pchat: '${typed}' is not a cmdlet.${hint} "pchat --help" lists every cmdlet; "pchat <Cmdlet> -?" shows one.`;
}
