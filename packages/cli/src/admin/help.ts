// Help generated from the cmdlet table (docs/architecture.md, house rule 9): `pchat <Cmdlet> -?` (or -Help,
// --help, Get-Help <Cmdlet>) and the list of cmdlets in `pchat --help`.
import { allParams } from './params.js';
import type { CmdletDef, ParamDef } from './types.js';

function typeText(p: ParamDef): string {
  switch (p.type) {
    case 'switch':
      return '';
    case 'bool':
      return ' <Boolean>';
    case 'enum':
      return ` <${p.values?.join(' | ')}>`;
    case 'list':
      return ' <String[]>';
    case 'listEdit':
      return ' <@{Add=..;Remove=..} | String[] | $null>';
    case 'int':
      return ' <Int32>';
    case 'number':
      return ' <Double>';
    case 'date':
      return ' <DateTime>';
    default:
      return ' <String>';
  }
}

export function syntax(def: CmdletDef): string {
  const parts = allParams(def).map((p) => {
    const s = `-${p.name}${typeText(p)}`;
    return p.required ? s : `[${s}]`;
  });
  return `pchat ${def.name} ${parts.join(' ')}`;
}

export function helpText(def: CmdletDef): string {
  const lines = [
    'NAME',
    `    ${def.name}`,
    '',
    'SYNOPSIS',
    `    ${def.synopsis}`,
    '',
    'SYNTAX',
    `    ${syntax(def)}`,
    '',
    'PARAMETERS',
  ];
  for (const p of allParams(def)) {
    lines.push(
      `    -${p.name}${typeText(p)}${p.required ? '  (required)' : ''}${p.position !== undefined ? `  (position ${p.position})` : ''}`,
    );
    lines.push(`        ${p.help}`);
    if (p.type === 'listEdit')
      lines.push(
        `        Also: --add-${kebab(p.name)} a,b  --remove-${kebab(p.name)} c  --clear-${kebab(p.name)}`,
      );
  }
  if (def.examples?.length) lines.push('', 'EXAMPLES', ...def.examples.map((e) => `    ${e}`));
  lines.push(
    '',
    'Names of cmdlets and parameters are case-insensitive; -Name value, -Name:value and --name value all work.',
  );
  return lines.join('\n') + '\n';
}

export const kebab = (s: string) => s.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
