// Entry point of the `pchat` command.
import { Command } from 'commander';
import { registerServe } from './commands/serve.js';

const program = new Command('pchat')
  .description('pchat: an open Persistent Chat server — server and administration commands')
  .showHelpAfterError();
registerServe(program);

await program.parseAsync(process.argv);
