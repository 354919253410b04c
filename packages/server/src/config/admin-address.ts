// Where the admin API of a data directory's server is, for the CLI: the server writes the addresses it
// answers on to <dataDir>/admin-api.json at every start, next to the admin token it issued, so a cmdlet
// finds its server from the same configuration and data directory as `pchat serve`, and sends the token
// of that directory to no other server.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PchatConfig } from './schema.js';

export const ADMIN_ADDRESS_FILE = 'admin-api.json';

/** A bound address a client can dial: an unspecified host (0.0.0.0, ::) is reached on loopback. */
function dialable(host: string, port: number | string): string {
  const h = host === '0.0.0.0' ? '127.0.0.1' : host === '::' || host === '[::]' ? '[::1]' : host;
  return `http://${h.includes(':') && !h.startsWith('[') ? `[${h}]` : h}:${port}`;
}

/** Records the admin API addresses of this start (the bound one, and the public URL when configured). */
export function writeAdminAddress(config: PchatConfig, bound: { address: string; port: number }): void {
  const urls = [dialable(bound.address, bound.port)];
  if (config.listen.publicHttpUrl) urls.push(config.listen.publicHttpUrl.replace(/\/+$/, ''));
  const file = join(config.dataDir, ADMIN_ADDRESS_FILE);
  writeFileSync(file, JSON.stringify({ urls }, null, 2) + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
}

/** The addresses recorded by the last start, or null when no server with HTTP ever started there. */
export function readAdminAddress(dataDir: string): string[] | null {
  try {
    const j = JSON.parse(readFileSync(join(dataDir, ADMIN_ADDRESS_FILE), 'utf8')) as { urls?: unknown };
    return Array.isArray(j.urls) ? j.urls.map(String) : null;
  } catch {
    return null;
  }
}

/** The admin API address the configuration asks for (when no start recorded one yet). */
export function configuredAdminUrl(config: PchatConfig): string | null {
  if (config.listen.publicHttpUrl) return config.listen.publicHttpUrl.replace(/\/+$/, '');
  if (config.listen.httpPort === null || config.listen.httpPort === 0) return null;
  return dialable(config.listen.host, config.listen.httpPort);
}
