// The chat service's edges (docs/chat-service.md): who a session is, and the one way out of it.
// The SIP adapter (or a test kit) implements ChatSink; nothing in chat/ ever touches a socket
// (docs/architecture.md, house rule 3).
import type { Logger } from 'pino';

/** A user endpoint: the user's SIP URI plus the endpoint id (`epid` of the From header). */
export interface ChatIdentity {
  uri: string;
  epid: string;
  /** For logs only: the SIP dialog (Call-ID) or any tag the adapter likes. */
  dialogId?: string;
  /** The connection the session arrived on: sessions of one connection share its rate limits. */
  connectionId?: string;
}

/** Why a session ended; `slow-consumer` and `refused` are the server's own decisions. */
export type CloseReason = 'bye' | 'connection-lost' | 'slow-consumer' | 'shutdown' | 'refused';

/**
 * The only way out of a session. `send` takes one complete XCCOS envelope (the SIP adapter wraps it in an
 * in-dialog INFO). A broadcast hands the *same string* to every sink (serialized once, docs/architecture.md,
 * house rule 3).
 */
export interface ChatSink {
  /**
   * Returns false when the sink is above its own high-water mark (like stream.write): the session then
   * holds further bodies in its bounded queue until the adapter calls `handle.drained()`.
   */
  send(body: string): boolean | void;
  /** Ends the dialog from the server side (the adapter sends BYE). Called at most once. */
  close(reason: CloseReason, message: string): void;
  /** Optional: bytes written but not yet flushed by the transport (checked against the high-water mark). */
  bufferedAmount?(): number;
}

/** Bounds of a session's outbound queue (PC-08 fan-out must never wait for a slow receiver). */
export interface OutboundLimits {
  /** Bodies held while the sink is backed up; one more and the session is dropped. */
  maxQueued: number;
  /** Bytes (UTF-16 code units) held while backed up; more and the session is dropped. */
  maxQueuedBytes: number;
  /** `sink.bufferedAmount()` above this counts as backed up. */
  highWaterBytes: number;
}

export const DEFAULT_OUTBOUND_LIMITS: OutboundLimits = {
  maxQueued: 1000,
  maxQueuedBytes: 4 * 1024 * 1024,
  highWaterBytes: 1024 * 1024,
};

export type ChatLogger = Pick<Logger, 'error' | 'warn' | 'info' | 'debug'>;

/**
 * What the chat service counts for operations (the server's /metrics); no labels but fixed vocabularies
 * (command ids the codec knows, refusal codes, limiter names), so a client cannot grow the series.
 */
export interface ChatMetrics {
  /** A command ran to its end without a refusal (`join`, `grpchat`, ...). */
  command(type: string): void;
  /** A command was refused; `code` is the refusal's error code name. */
  refused(code: string): void;
  /** A rate limit or the session queue refused a command. */
  throttled(by: string): void;
  /** Envelopes handed to sessions' outbound queues (replies, notices, messages). */
  delivered(): void;
}

export const NO_CHAT_METRICS: ChatMetrics = {
  command: () => undefined,
  refused: () => undefined,
  throttled: () => undefined,
  delivered: () => undefined,
};
