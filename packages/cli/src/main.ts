// Entry point of the `pchat` command: `pchat serve` and the Persistent Chat cmdlets with their
// PowerShell names (case-insensitive), run against the admin API (admin/).
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerServe } from './commands/serve.js';
import { CMDLETS, findCmdlet } from './admin/cmdlets/index.js';
import { helpText } from './admin/help.js';
import { runCmdlet } from './admin/run.js';
import { unknownCmdlet } from './admin/suggest.js';

const argv = process.argv.slice(2);
const first = argv[0] ?? '';
const helpAsked = (a: readonly string[]) =>
  a.some((x) => ['-?', '-help', '--help', '-h'].includes(x.toLowerCase()));
const target = first.toLowerCase() === 'get-help' ? findCmdlet(argv[1] ?? '') : findCmdlet(first);

if (target && (first.toLowerCase() === 'get-help' || helpAsked(argv.slice(1)))) {
  process.stdout.write(helpText(target));
} else if (target) {
  process.exitCode = await runCmdlet(target, argv.slice(1));
} else if (/^[A-Za-z]+-[A-Za-z]/.test(first)) {
  // Verb-Noun is a cmdlet name: suggest the closest ones rather than printing the whole help.
  process.stderr.write(`${unknownCmdlet(first, CMDLETS)}\n`);
  process.exitCode = 2;
} else {
  // package.json is one level above src/ and dist/ alike.
  const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  const program = new Command('pchat')
    .version(version, '-V, --version', 'print the version of pchat')
    .description('pchat: an open Persistent Chat server — server and administration commands')
    .showHelpAfterError()
    .addHelpText(
      'after',
      `\nAdministration cmdlets (PowerShell names and parameters; "pchat <Cmdlet> -?" for help):\n${CMDLETS.map((c) => `  ${c.name.padEnd(48)} ${c.synopsis.split('. ')[0] ?? ''}`).join('\n')}\n`,
    );
  registerServe(program);
  await program.parseAsync(process.argv);
}
