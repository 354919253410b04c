// The SIP codec: pure functions and a stream framer, shared by the server and the SDK.
export * from './errors.js';
export * from './message.js';
export * from './headers.js';
export * from './limits.js';
export { quote, readParams, formatParams, type SipParams } from './grammar.js';
export * from './uri.js';
export * from './name-addr.js';
export * from './via.js';
export * from './cseq.js';
export * from './auth.js';
export { parseMessage, type ParseOptions } from './parser.js';
export * from './framer.js';
export * from './lean.js';
export * from './serializer.js';
export * from './info-template.js';
export * from './builders.js';
export * from './reasons.js';
