// Just enough SIP framing for the scripted responder: split a TCP byte stream into messages
// (Content-Length counts bytes, so the stream stays a Buffer until a message is complete) and
// format replies. Not a SIP stack: no validation, no retransmission, no multi-value parsing.

export interface SipMessage {
  /** `REGISTER sip:example.test SIP/2.0` or `SIP/2.0 200 OK` */
  readonly startLine: string;
  /** Request method, or undefined for responses. */
  readonly method: string | undefined;
  /** Request-URI of a request. */
  readonly uri: string;
  /** Header values by lower-case name, in order of appearance. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly body: string;
}

export function header(m: SipMessage, name: string): string {
  return m.headers.get(name.toLowerCase())?.[0] ?? '';
}

/** Accumulates stream bytes and returns the complete messages. */
export class SipStreamParser {
  private buf = Buffer.alloc(0);

  push(chunk: Buffer): SipMessage[] {
    this.buf = Buffer.concat([this.buf, chunk]);
    const out: SipMessage[] = [];
    for (;;) {
      // CRLF keep-alives (pidgin-sipe sends CRLFCRLF) sit between messages.
      while (this.buf.length >= 2 && this.buf[0] === 0x0d && this.buf[1] === 0x0a)
        this.buf = this.buf.subarray(2);
      const end = this.buf.indexOf('\r\n\r\n');
      if (end < 0) return out;
      const lines = this.buf.subarray(0, end).toString('utf8').split('\r\n');
      const headers = new Map<string, string[]>();
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        if (i < 0) continue;
        const k = l.slice(0, i).trim().toLowerCase();
        headers.set(k, [...(headers.get(k) ?? []), l.slice(i + 1).trim()]);
      }
      const len = Number(headers.get('content-length')?.[0] ?? 0);
      if (this.buf.length < end + 4 + len) return out;
      const body = this.buf.subarray(end + 4, end + 4 + len).toString('utf8');
      this.buf = this.buf.subarray(end + 4 + len);
      const startLine = lines[0] ?? '';
      const isResponse = startLine.startsWith('SIP/2.0 ');
      const [method, uri] = startLine.split(' ');
      out.push({
        startLine,
        method: isResponse ? undefined : method,
        uri: isResponse ? '' : (uri ?? ''),
        headers,
        body,
      });
    }
  }
}

/** Serialises a message; Content-Length is computed here. */
export function formatSip(startLine: string, headers: readonly string[], body = ''): string {
  return [startLine, ...headers, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n');
}

/** `;tag=` value of a From/To header. */
export function tagOf(value: string): string | undefined {
  return /;tag=([^;>\s]+)/.exec(value)?.[1];
}

/** The URI inside `<...>` of a From/To/Contact header (or the bare value). */
export function uriOf(value: string): string {
  return /<([^>]+)>/.exec(value)?.[1] ?? value.split(';')[0]?.trim() ?? '';
}
