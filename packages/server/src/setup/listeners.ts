// What a start needs to say about its listeners before and after binding them: the addresses the
// configuration asks for (written on the demo sheet before any listener binds, so a start that dies on a
// busy port cannot lose the demo passwords), and a failure to bind as one sentence naming the address and
// the setting, flag and environment variable that change it.
import { LISTEN_FLAGS } from '../config/listen-flags.js';
import type { PchatConfig } from '../config/schema.js';

/** Thrown by startServer when a listener cannot bind; the message is meant for the administrator. */
export class ListenError extends Error {
  override readonly name = 'ListenError';
}

/** What each port setting starts; its flag and environment variable come from the one table of them. */
const WHAT: Record<'httpPort' | 'sipTcpPort' | 'sipTlsPort', string> = {
  httpPort: 'the HTTP listener (web app and admin API)',
  sipTcpPort: 'the SIP listener over TCP',
  sipTlsPort: 'the SIP listener over TLS',
};

function listeners(config: PchatConfig) {
  return LISTEN_FLAGS.flatMap((f) =>
    f.key === 'host'
      ? []
      : [{ ...f, what: WHAT[f.key], port: config.listen[f.key], setting: `listen.${f.key}` }],
  );
}

/** The addresses a start will listen on, as the running server reports them (port 0: chosen at start). */
export function plannedAddresses(config: PchatConfig): Record<string, string> {
  const { host, httpPort, sipTcpPort, sipTlsPort } = config.listen;
  const port = (p: number) => (p === 0 ? '(a free port chosen at start)' : String(p));
  const out: Record<string, string> = {};
  if (sipTcpPort !== null) out.sipTcp = `sip:${host}:${port(sipTcpPort)};transport=tcp`;
  if (sipTlsPort !== null) out.sipTls = `sip:${host}:${port(sipTlsPort)};transport=tls`;
  if (httpPort !== null) {
    out.http = `http://${host}:${port(httpPort)}`;
    out.sipWs = `ws://${host}:${port(httpPort)}/sip`;
  }
  return out;
}

/**
 * Turns a listen failure (EADDRINUSE, EACCES, EADDRNOTAVAIL from Node's net module) into a ListenError;
 * any other error is returned unchanged.
 */
export function explainListenFailure(err: unknown, config: PchatConfig): unknown {
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  if (!e || typeof e !== 'object' || e.syscall !== 'listen') return err;
  const host = e.address ?? config.listen.host;
  const address = `${host.includes(':') ? `[${host}]` : host}:${e.port ?? '?'}`;
  const l = listeners(config).find((x) => x.port !== null && x.port === e.port);
  const who = l ? l.what : 'a listener';
  const change = l
    ? `choose another port with ${l.flag}, ${l.env} or ${l.setting} in the configuration file`
    : 'choose other ports with --http-port, --sip-port and --tls-port';
  const hostChange = 'choose another address with --host, PCHAT_HOST or listen.host';
  switch (e.code) {
    case 'EADDRINUSE':
      return new ListenError(
        `${address} is already in use, so ${who} cannot start: stop the program that uses it, or ${change}.`,
      );
    case 'EACCES':
      return new ListenError(
        `Not allowed to listen on ${address} (${who}; ports below 1024 need privileges): ${change}.`,
      );
    case 'EADDRNOTAVAIL':
      return new ListenError(
        `${host} is not an address of this machine, so ${who} cannot listen on ${address}: ${hostChange}.`,
      );
    default:
      return new ListenError(`${who} cannot listen on ${address} (${e.message}): ${change}.`);
  }
}
