// `pchat serve`: start the server from a config file (or the defaults: SQLite under ./.data).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';

interface ServeOptions {
  config?: string;
  dataDir?: string;
  host?: string;
  httpPort?: string;
  sipPort?: string;
  tlsPort?: string;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Start the pchat server (SIP, HTTP admin API) on the configured store; SQLite by default.')
    .option(
      '-c, --config <file>',
      'configuration file (YAML or JSON); default: PCHAT_CONFIG, else ./pchat.yaml if present, else built-in defaults',
    )
    .option('-d, --data-dir <dir>', 'data directory (SQLite database, TLS material); default ./.data')
    .option('--host <address>', 'address to listen on (PCHAT_HOST, listen.host); default 127.0.0.1')
    .option('--http-port <port>', 'web app and admin API port, or "off" (PCHAT_HTTP_PORT, listen.httpPort)')
    .option('--sip-port <port>', 'SIP over TCP port, or "off" (PCHAT_SIP_PORT, listen.sipTcpPort)')
    .option('--tls-port <port>', 'SIP over TLS port, or "off" (PCHAT_TLS_PORT, listen.sipTlsPort)')
    .action(async (opts: ServeOptions) => {
      // Loaded here, not at the top: the admin cmdlets share this entry point and must start fast.
      const { loadConfig, startServer, ConfigError, ListenError, DEMO_SHEET_FILE } =
        await import('@pchat/server');
      let config;
      try {
        config = loadConfig({
          file: opts.config,
          dataDir: opts.dataDir,
          listen: {
            host: opts.host,
            httpPort: opts.httpPort,
            sipTcpPort: opts.sipPort,
            sipTlsPort: opts.tlsPort,
          },
        });
      } catch (e) {
        if (e instanceof ConfigError) {
          console.error(`pchat serve: ${e.message}`);
          process.exit(2);
        }
        throw e;
      }
      const sheetFile = join(config.dataDir, DEMO_SHEET_FILE);
      let server;
      try {
        server = await startServer(config, { webApp: 'build' });
      } catch (e) {
        // A pool that cannot work as configured (a local bus beside other nodes, an unreachable bus).
        if (e instanceof ConfigError) {
          console.error(`pchat serve: ${e.message}`);
          process.exit(2);
        }
        if (!(e instanceof ListenError)) throw e;
        console.error(`pchat serve: ${e.message}`);
        if (existsSync(sheetFile)) console.error(`pchat serve: ${sheetNote(sheetFile)}`);
        process.exit(1);
      }
      for (const [name, addr] of Object.entries(server.addresses))
        console.log(`pchat: ${name} listening on ${addr}`);
      if (server.addresses.http) console.log(`pchat: web app at ${server.addresses.http}/`);
      console.log(`pchat: store ${server.store.dialect}, data in ${config.dataDir}`);
      if (server.demo) {
        console.log(`\n${server.demo.sheet}`);
        console.log(`pchat: this sheet is kept in ${server.demo.sheetFile} (readable only by you)`);
        console.log(`pchat: ${RESET_HINT}`);
      } else if (server.demoSheetFile) {
        console.log(`pchat: ${sheetNote(server.demoSheetFile)}`);
      }
      // The last line of a start: scripts and tests wait for it.
      console.log('pchat: ready (Ctrl-C stops it)');
      let closing = false;
      const stop = async (signal: string) => {
        if (closing) return;
        closing = true;
        // SIGTERM drains (docs/pool.md): no new chat sessions, connections closed so clients move to
        // another node, commits finished; past node.drainSeconds the process exits anyway.
        console.log(`pchat: ${signal} received, ${signal === 'SIGTERM' ? 'draining' : 'shutting down'}`);
        setTimeout(() => {
          console.error('pchat: the drain did not finish in time (node.drainSeconds); exiting');
          process.exit(1);
        }, config.node.drainSeconds * 1000).unref();
        await (signal === 'SIGTERM' ? server.drain() : server.close());
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));
    });
}

const RESET_HINT =
  'to give a user a new password: pchat Set-CsAdUser -Identity <SIP address> -Password <new password>';

function sheetNote(file: string): string {
  return `the demo users and their passwords are in ${file} (readable only by you); ${RESET_HINT}.`;
}
