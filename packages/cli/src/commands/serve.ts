// `pchat serve`: start the server from a config file (or the defaults: SQLite under ./.data).
import type { Command } from 'commander';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Start the pchat server (SIP, HTTP admin API) on the configured store; SQLite by default.')
    .option(
      '-c, --config <file>',
      'configuration file (YAML or JSON); default: PCHAT_CONFIG or built-in defaults',
    )
    .option('-d, --data-dir <dir>', 'data directory (SQLite database, TLS material); default ./.data')
    .action(async (opts: { config?: string; dataDir?: string }) => {
      // Loaded here, not at the top: the admin cmdlets share this entry point and must start fast.
      const { loadConfig, startServer, ConfigError } = await import('@pchat/server');
      let config;
      try {
        config = loadConfig({ file: opts.config, dataDir: opts.dataDir });
      } catch (e) {
        if (e instanceof ConfigError) {
          console.error(`pchat serve: ${e.message}`);
          process.exit(2);
        }
        throw e;
      }
      let server;
      try {
        server = await startServer(config, { webApp: 'build' });
      } catch (e) {
        // A pool that cannot work as configured (a local bus beside other nodes, an unreachable bus).
        if (e instanceof ConfigError) {
          console.error(`pchat serve: ${e.message}`);
          process.exit(2);
        }
        throw e;
      }
      for (const [name, addr] of Object.entries(server.addresses))
        console.log(`pchat: ${name} listening on ${addr}`);
      if (server.addresses.http) console.log(`pchat: web app at ${server.addresses.http}/`);
      console.log(`pchat: store ${server.store.dialect}, data in ${config.dataDir}`);
      if (server.demo) {
        console.log(`\n${server.demo.sheet}`);
        console.log(`pchat: this sheet is kept in ${server.demo.sheetFile} (readable only by you)`);
      }
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
