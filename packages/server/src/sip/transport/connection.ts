// One SIP connection over a byte stream (TCP/TLS, RFC 3261 §18.3 framing) or a WebSocket
// (RFC 7118: one message per WebSocket message). Owns the framer, the limits, the timers and
// the answer to unparseable requests; hands whole messages to the transport's sink.
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import {
  SipParseError,
  SipStreamFramer,
  createResponse,
  getHeader,
  parseCSeq,
  parseMessage,
  serializeMessage,
  sipDiagnosticText,
  sipStatusForError,
  type SipMessage,
  type SipResponse,
} from '@pchat/protocol';
import type {
  ResponseSummary,
  SipConnectionIdentity,
  SipConnectionLike,
  SipConnectionLimits,
  SipLogger,
} from './types.js';

interface ResponseWatcher {
  handler: (response: ResponseSummary) => void;
  lean: boolean;
}

const CRLF = Uint8Array.of(0x0d, 0x0a);

export interface ConnectionSink {
  message(message: SipMessage, connection: SipConnection): void;
  closed(connection: SipConnection, reason: string): void;
  /** markAuthenticated() was called (once). */
  authenticated?(connection: SipConnection): void;
  /** SipTransportEvents.outgoing: every SipMessage passes here before it is serialized. */
  outgoing?(message: SipMessage, connection: SipConnection): SipMessage;
}

// Write coalescing (DEVELOPING.md, outbound bounds): on a stream socket, everything sent in one event-loop
// turn goes out in one socket.write at setImmediate time, in order. One immediate per turn for all
// connections.
const dirty: SipConnection[] = [];
let flushScheduled = false;
function scheduleFlush(c: SipConnection): void {
  dirty.push(c);
  if (flushScheduled) return;
  flushScheduled = true;
  setImmediate(flushAll);
}
function flushAll(): void {
  flushScheduled = false;
  // Connections made dirty while flushing (a drain listener sending) are flushed in the same pass.
  for (let i = 0; i < dirty.length; i++) dirty[i]!.flush();
  dirty.length = 0;
}

type Wire = { kind: 'stream'; socket: Socket } | { kind: 'ws'; ws: WebSocket; socket: Socket };

export class SipConnection implements SipConnectionLike {
  readonly identity: SipConnectionIdentity;
  private readonly wire: Wire;
  private readonly framer: SipStreamFramer | null;
  private readonly limits: SipConnectionLimits;
  /** Past maxOutboundBytes: nothing more is queued, and the connection is dropped on the next turn. */
  private overflowing = false;
  private readonly sink: ConnectionSink;
  private readonly log: SipLogger;
  private idleTimer: NodeJS.Timeout | null = null;
  private signInTimer: NodeJS.Timeout | null = null;
  private signedIn = false;
  private messageTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private closeReason = '';
  private drainListeners: Array<() => void> | null = null;
  /** Stream only: chunks sent this turn, not yet written to the socket. */
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** Response watchers by Call-ID (watchResponses). */
  private watchers: Map<string, ResponseWatcher> | null = null;
  /** close() called: the socket is ending, nothing more is written. */
  private ending = false;

  constructor(
    identity: SipConnectionIdentity,
    wire: Wire,
    limits: SipConnectionLimits,
    sink: ConnectionSink,
    log: SipLogger,
  ) {
    this.identity = identity;
    this.wire = wire;
    this.limits = limits;
    this.sink = sink;
    this.log = log;
    // Nagle off on every socket (small INFOs and 200 OKs must not wait).
    wire.socket.setNoDelay(true);
    this.framer =
      wire.kind === 'stream'
        ? new SipStreamFramer({
            limits: limits.limits,
            leanResponse: (r) => this.watchers?.get(r.callId)?.lean === true,
          })
        : null;
    if (wire.kind === 'stream') {
      wire.socket.on('data', (chunk: Buffer) => this.onBytes(chunk));
      wire.socket.on('drain', () => this.checkDrained());
      wire.socket.on('end', () => this.teardown('peer closed'));
      wire.socket.on('close', () => this.teardown(this.closeReason || 'socket closed'));
      wire.socket.on('error', (err) => this.teardown(`socket error: ${err.message}`));
    } else {
      wire.ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => this.onWsMessage(data));
      wire.ws.on('ping', () => this.touch());
      wire.ws.on('pong', () => this.touch());
      wire.ws.on('close', () => this.teardown(this.closeReason || 'websocket closed'));
      wire.ws.on('error', (err) => this.teardown(`websocket error: ${err.message}`));
    }
    this.touch();
    // Keep-alives restart the idle timer but not this one: a connection that never signs in cannot stay.
    if (limits.signInTimeoutMs > 0) {
      this.signInTimer = setTimeout(
        () => this.destroy(`not signed in within ${limits.signInTimeoutMs} ms`),
        limits.signInTimeoutMs,
      );
      this.signInTimer.unref();
    }
  }

  get authenticated(): boolean {
    return this.signedIn;
  }

  markAuthenticated(): void {
    if (this.signedIn || this.closed) return;
    this.signedIn = true;
    if (this.signInTimer) clearTimeout(this.signInTimer);
    this.signInTimer = null;
    this.sink.authenticated?.(this);
  }

  get open(): boolean {
    return !this.closed;
  }

  /** Queued and not yet handed to the kernel: this turn's coalesced chunks plus the socket's own buffer. */
  get bufferedAmount(): number {
    return this.wire.kind === 'stream'
      ? this.wire.socket.writableLength + this.pendingBytes
      : this.wire.ws.bufferedAmount;
  }

  send(data: SipMessage | Uint8Array): boolean {
    if (this.closed || this.overflowing) return false;
    const bytes =
      data instanceof Uint8Array
        ? data
        : serializeMessage(this.sink.outgoing ? this.sink.outgoing(data, this) : data);
    if (this.wire.kind === 'stream') this.enqueue(bytes);
    // RFC 7118 §5: SIP over WebSocket uses text frames for UTF-8 messages (one message per frame).
    else this.wire.ws.send(bytes, { binary: false });
    return this.withinOutboundLimit();
  }

  sendParts(head: string, body: Uint8Array): boolean {
    if (this.closed || this.overflowing) return false;
    const h = Buffer.from(head, 'utf8');
    if (this.wire.kind === 'stream') {
      this.enqueue(h);
      if (body.length > 0) this.enqueue(body);
    } else
      this.wire.ws.send(body.length === 0 ? h : Buffer.concat([h, body], h.length + body.length), {
        binary: false,
      });
    return this.withinOutboundLimit();
  }

  /**
   * A peer that stops reading must not make the server hold its messages without bound. The drop happens
   * on the next turn, not inside the sender's loop (a fan-out must not see a session end under it).
   */
  private withinOutboundLimit(): boolean {
    if (this.bufferedAmount <= this.limits.maxOutboundBytes) return true;
    if (!this.overflowing) {
      this.overflowing = true;
      const reason = `the peer does not read: more than ${this.limits.maxOutboundBytes} bytes wait to be sent`;
      setImmediate(() => this.destroy(reason));
    }
    return false;
  }

  private enqueue(bytes: Uint8Array): void {
    if (this.pending.length === 0) scheduleFlush(this);
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
  }

  /** Writes this turn's chunks with one socket.write (called by the shared immediate, and before close). */
  flush(): void {
    const n = this.pending.length;
    if (n === 0 || this.wire.kind !== 'stream') return;
    const chunks = this.pending;
    const total = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    if (this.closed || this.ending) return;
    this.wire.socket.write(n === 1 ? chunks[0]! : Buffer.concat(chunks, total));
    if (this.drainListeners !== null) this.checkDrained();
  }

  watchResponses(callId: string, handler: (response: ResponseSummary) => void, lean: boolean): () => void {
    const w: ResponseWatcher = { handler, lean };
    (this.watchers ??= new Map()).set(callId, w);
    return () => {
      if (this.watchers?.get(callId) === w) this.watchers.delete(callId);
    };
  }

  routeResponse(response: SipResponse): boolean {
    const callId = getHeader(response, 'Call-ID');
    const w = callId === undefined ? undefined : this.watchers?.get(callId);
    if (w === undefined || callId === undefined) return false;
    let cseq;
    try {
      cseq = parseCSeq(getHeader(response, 'CSeq') ?? '');
    } catch {
      return false;
    }
    w.handler({ status: response.status, callId, cseq: cseq.seq, method: cseq.method });
    return true;
  }

  onceDrained(listener: () => void): void {
    if (this.closed) return;
    if (this.drainListeners === null) {
      this.drainListeners = [];
      // A WebSocket has no 'drain' event: poll its bufferedAmount; a stream socket tells us.
      setImmediate(() => this.checkDrained());
    }
    this.drainListeners.push(listener);
  }

  /**
   * Drained: a stream socket no longer needs draining and nothing waits for the next flush (the socket's
   * 'drain' event or the flush calls again); a WebSocket has nothing buffered (polled: ws has no event).
   */
  private checkDrained(): void {
    const ls = this.drainListeners;
    if (ls === null || this.closed) return;
    if (this.wire.kind === 'ws') {
      if (this.wire.ws.bufferedAmount > 0) {
        setTimeout(() => this.checkDrained(), 10).unref();
        return;
      }
    } else if (this.pendingBytes > 0 || this.wire.socket.writableNeedDrain) return;
    this.drainListeners = null;
    for (const l of ls) l();
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closeReason = reason;
    this.flush();
    this.ending = true;
    if (this.wire.kind === 'stream') this.wire.socket.end();
    else this.wire.ws.close(1000, reason.slice(0, 120));
    // Do not wait forever for a peer that will not read: destroy after a grace period.
    setTimeout(() => this.destroy(reason), 2000).unref();
  }

  /** Drops the connection now, without flushing. */
  destroy(reason: string): void {
    this.closeReason ||= reason;
    if (this.wire.kind === 'stream') this.wire.socket.destroy();
    else this.wire.ws.terminate();
    this.teardown(reason);
  }

  private teardown(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.drainListeners = null;
    this.pending = [];
    this.pendingBytes = 0;
    this.watchers = null;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.messageTimer) clearTimeout(this.messageTimer);
    if (this.signInTimer) clearTimeout(this.signInTimer);
    this.sink.closed(this, this.closeReason || reason);
  }

  /** Any inbound traffic (including keep-alives) restarts the idle timer. */
  private touch(): void {
    if (this.closed) return;
    if (this.idleTimer) this.idleTimer.refresh();
    else {
      this.idleTimer = setTimeout(
        () => this.destroy(`idle for ${this.limits.idleTimeoutMs} ms`),
        this.limits.idleTimeoutMs,
      );
      this.idleTimer.unref();
    }
  }

  private onBytes(chunk: Buffer): void {
    if (this.closed) return;
    this.touch();
    const framer = this.framer!;
    for (const ev of framer.push(chunk)) {
      if (this.closed) return;
      switch (ev.type) {
        case 'message':
          this.sink.message(ev.message, this);
          break;
        case 'response':
          this.watchers?.get(ev.response.callId)?.handler(ev.response);
          break;
        // RFC 5626 §3.5.1: answer a double-CRLF ping with a single CRLF pong.
        case 'ping':
          this.enqueue(CRLF);
          break;
        case 'pong':
          break;
        case 'error':
          this.onParseError(ev.error);
          break;
      }
    }
    if (this.closed) return;
    if (framer.bufferedBytes > this.limits.maxBufferedBytes) {
      this.destroy(`more than ${this.limits.maxBufferedBytes} unparsed bytes buffered`);
      return;
    }
    this.watchMessage(framer.midMessage);
  }

  /** Slow-loris guard: a started message must complete within messageTimeoutMs. */
  private watchMessage(mid: boolean): void {
    if (!mid) {
      if (this.messageTimer) {
        clearTimeout(this.messageTimer);
        this.messageTimer = null;
      }
      return;
    }
    if (this.messageTimer) return; // the clock runs from the first byte of the message
    this.messageTimer = setTimeout(
      () => this.destroy(`message not completed within ${this.limits.messageTimeoutMs} ms`),
      this.limits.messageTimeoutMs,
    );
    this.messageTimer.unref();
  }

  private onWsMessage(data: Buffer | ArrayBuffer | Buffer[]): void {
    if (this.closed) return;
    this.touch();
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : data instanceof ArrayBuffer
        ? new Uint8Array(data)
        : data;
    // COMPAT(sip.js): keep-alive "\r\n\r\n" sent as its own WebSocket message; answer "\r\n".
    if (bytes.length <= 4 && bytes.every((b) => b === 0x0d || b === 0x0a)) {
      if (bytes.length === 4 && this.wire.kind === 'ws') this.wire.ws.send('\r\n');
      return;
    }
    try {
      this.sink.message(parseMessage(bytes, { limits: this.limits.limits }), this);
    } catch (e) {
      if (!(e instanceof SipParseError)) throw e;
      // One message per frame (RFC 7118 §5): framing is never lost, only size limits are fatal.
      e.fatal = e.kind === 'body-too-large' || e.kind === 'header-too-long';
      this.onParseError(e);
    }
  }

  /** Answers an unparseable request when it is readable enough, then closes if framing is lost. */
  private onParseError(error: SipParseError): void {
    const partial = error.partial;
    this.log.info({ conn: this.identity.id, kind: error.kind, fatal: error.fatal }, 'sip parse error');
    if (partial?.kind === 'request' && partial.method !== 'ACK') {
      const { status, reason } = sipStatusForError(error);
      try {
        // RFC 3261 §20.43: Warning 399 (miscellaneous) carries the human-readable cause.
        const response = createResponse(partial, status, reason, [
          { name: 'Warning', value: `399 pchat "${sipDiagnosticText(error)}"` },
        ]);
        this.send(response);
      } catch {
        // The partial request lacked what a response needs: nothing sensible to answer.
      }
    }
    if (error.fatal) this.close(`parse error: ${error.kind}`);
  }
}
