// A SIP transport over any byte stream (TCP, TLS): framing by Content-Length with the protocol package's
// pure framer (RFC 3261 §18.3), keep-alive pings answered with a pong (RFC 5626 §3.5.1). Browser-safe;
// the Node sockets live in src/node/.
import { SipStreamFramer, type SipMessage } from '@pchat/protocol';
import type { SipTransport, SipTransportName } from './transport.js';

/** What a byte stream must offer to carry SIP. */
export interface ByteStream {
  write(text: string): void;
  end(): void;
}

/** A {@link SipTransport} over a byte stream; the owner feeds received bytes to {@link StreamSipTransport.receive}. */
export class StreamSipTransport implements SipTransport {
  /** See {@link SipTransport.onMessage}. */
  onMessage: (message: SipMessage) => void = () => {};
  /** See {@link SipTransport.onClose}. */
  onClose: (error?: Error) => void = () => {};
  private readonly framer = new SipStreamFramer();
  private closed = false;

  constructor(
    readonly name: SipTransportName,
    readonly local: { host: string; port: number },
    private readonly stream: ByteStream,
  ) {}

  /** Feeds bytes from the stream. */
  receive(chunk: Uint8Array): void {
    for (const ev of this.framer.push(chunk)) {
      if (ev.type === 'message') this.onMessage(ev.message);
      else if (ev.type === 'ping') this.stream.write('\r\n');
      else if (ev.type === 'error' && ev.error.fatal) {
        this.ended(new Error(`SIP framing lost: ${ev.error.message}`));
        this.stream.end();
      }
    }
  }

  /** See {@link SipTransport.send}. */
  send(text: string): void {
    if (!this.closed) this.stream.write(text);
  }

  /** See {@link SipTransport.keepAlive}. */
  keepAlive(): void {
    this.send('\r\n\r\n');
  }

  /** See {@link SipTransport.close}. */
  close(): void {
    if (this.closed) return;
    this.stream.end();
    this.ended();
  }

  /** The owner reports the stream's end (idempotent). */
  ended(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose(error);
  }
}
