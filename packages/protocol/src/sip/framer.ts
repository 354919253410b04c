// Stream framing for TCP and TLS (RFC 3261 §18.3): messages are delimited by Content-Length.
// Between messages, RFC 5626 §3.5.1 keep-alives appear: a double CRLF is a ping (answer with a
// single CRLF pong), a single CRLF is a pong. Pure: no Node APIs, usable by the SDK in a browser.
import { SipParseError } from './errors.js';
import { resolveLimits, type SipLimits } from './limits.js';
import type { SipMessage } from './message.js';
import { scanHead } from './head.js';
import { finishBody, readHead } from './parser.js';
import { isStatusLine, scanLeanResponse, type LeanResponse } from './lean.js';

export type SipFrameEvent =
  | { type: 'message'; message: SipMessage; /** bytes the message occupied on the wire */ size: number }
  /** A double CRLF: the peer wants a single CRLF back (RFC 5626 §3.5.1). */
  | { type: 'ping' }
  /** A single CRLF between messages: the answer to our ping. */
  | { type: 'pong' }
  /** A response consumed lean (FramerOptions.leanResponse said yes): no SipMessage was built. */
  | { type: 'response'; response: LeanResponse; size: number }
  /** `error.fatal` means framing is lost: close the connection; nothing more will be parsed. */
  | { type: 'error'; error: SipParseError };

export interface FramerOptions {
  limits?: Partial<SipLimits>;
  /** Run mandatory-header validation on each message (default true). */
  validate?: boolean;
  /**
   * Asked for each response whose Call-ID, CSeq, status and Content-Length could be read lean (lean.ts):
   * true → the framer skips the full parse and emits a `response` event with just those fields.
   */
  leanResponse?: (response: LeanResponse) => boolean;
}

interface Pending {
  headEnd: number;
  bodyLen: number;
  message: SipMessage | null;
  error: SipParseError | null;
  lean: LeanResponse | null;
}

export class SipStreamFramer {
  private readonly limits: SipLimits;
  private readonly validate: boolean;
  private readonly lean: ((response: LeanResponse) => boolean) | null;
  private buf: Uint8Array = new Uint8Array(0);
  private len = 0;
  /** Whether `buf` is our own storage (false: a view of the caller's last chunk). */
  private owned = false;
  /** Offset from which the header scan resumes. */
  private resume = 0;
  private lineStart = 0;
  private pending: Pending | null = null;
  /** Start of the message whose head is being read (valid during readPending). */
  private msgStart = 0;
  private dead = false;

  constructor(options: FramerOptions = {}) {
    this.limits = resolveLimits(options.limits);
    this.validate = options.validate !== false;
    this.lean = options.leanResponse ?? null;
  }

  /** True once a fatal error has been reported; further input is ignored. */
  get failed(): boolean {
    return this.dead;
  }

  /** Bytes received but not yet delivered as a message. */
  get bufferedBytes(): number {
    return this.len;
  }

  /** True while part of a message (not just keep-alive CRLFs) is buffered: the slow-loris watch. */
  get midMessage(): boolean {
    if (this.pending !== null) return true;
    for (let i = 0; i < this.len; i++) if (this.buf[i] !== 0x0d && this.buf[i] !== 0x0a) return true;
    return false;
  }

  /** Feeds bytes; returns what became complete, in order. */
  push(chunk: Uint8Array): SipFrameEvent[] {
    const out: SipFrameEvent[] = [];
    if (this.dead || chunk.length === 0) return out;
    this.append(chunk);
    let pos = 0;
    try {
      for (;;) {
        if (this.pending === null) {
          pos = this.skipKeepAlives(pos, out);
          if (pos >= this.len) break;
          const from = Math.max(pos, this.resume);
          const scan = scanHead(
            this.buf,
            pos,
            from,
            this.len,
            this.limits,
            Math.max(pos, Math.min(this.lineStart, from)),
          );
          if (scan.end < 0) {
            this.resume = scan.resume;
            this.lineStart = scan.lineStart;
            break;
          }
          this.msgStart = pos;
          this.pending =
            (this.lean !== null && isStatusLine(this.buf, pos, scan.end) && this.readLean(pos, scan.end)) ||
            this.readPending(scan.end);
        }
        const p = this.pending;
        const end = p.headEnd + p.bodyLen;
        if (end > this.len) break;
        this.pending = null;
        this.resume = end;
        this.lineStart = end;
        if (p.lean !== null) out.push({ type: 'response', response: p.lean, size: end - pos });
        else if (p.error !== null) out.push({ type: 'error', error: p.error });
        else {
          try {
            const message = finishBody(
              p.message!,
              this.buf,
              p.headEnd,
              p.bodyLen,
              this.limits,
              this.validate,
            );
            out.push({ type: 'message', message, size: end - pos });
          } catch (e) {
            if (!(e instanceof SipParseError)) throw e;
            e.fatal = false; // framing is intact: only this message is lost
            out.push({ type: 'error', error: e });
          }
        }
        pos = end;
      }
    } catch (e) {
      if (!(e instanceof SipParseError)) throw e;
      e.fatal = true;
      this.dead = true;
      this.buf = new Uint8Array(0);
      this.len = 0;
      this.pending = null;
      out.push({ type: 'error', error: e });
      return out;
    }
    this.consume(pos);
    return out;
  }

  private readLean(start: number, headEnd: number): Pending | null {
    const r = scanLeanResponse(this.buf, start, headEnd);
    if (r === null || r.contentLength > this.limits.maxBodyBytes || !this.lean!(r)) return null;
    return { headEnd, bodyLen: r.contentLength, message: null, error: null, lean: r };
  }

  private readPending(headEnd: number): Pending {
    const head = readHead(this.buf, this.msgStart, headEnd, this.limits);
    if (head.message === null) {
      // A bad start line with a readable Content-Length: report it and skip the message.
      const error = head.startLineError!;
      if (head.contentLength === null || head.contentLength > this.limits.maxBodyBytes) {
        error.fatal = true;
        throw error;
      }
      return { headEnd, bodyLen: head.contentLength, message: null, error, lean: null };
    }
    if (head.contentLength === null)
      throw new SipParseError(
        'missing-content-length',
        'Content-Length is mandatory on stream transports (RFC 3261 §18.3)',
        { fatal: true, partial: head.message },
      );
    return { headEnd, bodyLen: head.contentLength, message: head.message, error: null, lean: null };
  }

  private skipKeepAlives(pos: number, out: SipFrameEvent[]): number {
    const b = this.buf;
    const n = this.len;
    while (pos < n) {
      const c = b[pos];
      if (c === 0x0d) {
        if (pos + 1 >= n) break; // wait: CR alone
        if (b[pos + 1] !== 0x0a) {
          pos++;
          continue;
        }
        // CRLF: a ping if another CRLF follows, a pong if anything else does.
        if (pos + 2 >= n) break;
        if (b[pos + 2] === 0x0d) {
          if (pos + 3 >= n) break;
          if (b[pos + 3] === 0x0a) {
            out.push({ type: 'ping' });
            pos += 4;
            continue;
          }
        }
        out.push({ type: 'pong' });
        pos += 2;
      } else if (c === 0x0a) {
        pos++; // stray LF: ignored (§7.5)
      } else break;
    }
    return pos;
  }

  private append(chunk: Uint8Array): void {
    if (this.len === 0) {
      // Fast path: nothing pending, work on the caller's chunk without copying.
      this.buf = chunk;
      this.len = chunk.length;
      this.owned = false;
      return;
    }
    if (!this.owned || this.len + chunk.length > this.buf.length) {
      const next = new Uint8Array(Math.max(this.len + chunk.length, this.buf.length * 2, 4096));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
      this.owned = true;
    }
    this.buf.set(chunk, this.len);
    this.len += chunk.length;
  }

  private consume(pos: number): void {
    if (pos >= this.len) {
      this.buf = new Uint8Array(0);
      this.len = 0;
      this.owned = false;
      this.resume = 0;
      this.lineStart = 0;
      this.pending = null;
      return;
    }
    if (pos === 0 && this.owned) return;
    // Keep the undelivered tail in our own storage (the caller may reuse its chunk).
    const rest = this.len - pos;
    if (this.owned) this.buf.copyWithin(0, pos, this.len);
    else {
      const next = new Uint8Array(Math.max(rest * 2, 4096));
      next.set(this.buf.subarray(pos, this.len));
      this.buf = next;
      this.owned = true;
    }
    this.len = rest;
    this.resume = Math.max(0, this.resume - pos);
    this.lineStart = Math.max(0, this.lineStart - pos);
    if (this.pending !== null) {
      this.pending.headEnd -= pos;
      // The message object has no offsets into buf; only headEnd moves.
    }
  }
}
