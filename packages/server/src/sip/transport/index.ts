export * from './types.js';
export { SipConnection } from './connection.js';
export { SipTransport, type SipTransportOptions, type TlsListenOptions } from './transport.js';
