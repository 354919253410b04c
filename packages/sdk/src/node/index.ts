// @pchat/sdk/node — the Node-only parts: SIP over TCP and TLS (mutual TLS for trusted applications).
// Re-exports the whole SDK so Node users import from one place.
export * from '../index.js';
export { tcpTransport, tlsTransport } from './transports.js';
export type { TlsTransportOptions } from './transports.js';
