// pchat driver for the shared peer harness (../shared/peer-bench/bench.mjs --driver bench/peer-driver.mjs).
// Speaks SIP over TCP + XCCOS as a real client does (docs/xccos.md §1, §5): REGISTER (trusted network,
// no credentials), INVITE the chat server URI (the ocschat lookup is skipped), XCCOS commands in INFOs, and
// a 200 OK for every INFO the server sends. Plain JavaScript, no dependencies, so the harness loads it with
// plain node; a lean SIP framer on Buffers; Nagle off.
//
// Harness interface (see the top of ../shared/peer-bench/lib/xmpp-driver.mjs):
//   const c = await connect({ host, port, domain, user?, password? })
//   await c.join(room, { history })  -> { ms, history }   (cmd:join, then cmd:bccontext last N when history > 0)
//   c.send(room, text)                                     (grpchat)
//   c.onMessage = (room, body, { history }) => {}          (live grpchat INFOs)
//   await c.fetchLast(room, n)       -> { ms, count }      (cmd:bccontext last n)
//   c.close()                                              (BYE, then the socket ends)
//
// Rooms: `room` is a pchat room URI (ma-chan://domain/id, as bench/chat/setup.ts prints it); a bare name is
// read as ma-chan://<domain>/<name>.
// Users: the harness passes no user name, so each connect() claims the next free user bench<N> (N = 1..)
// with an exclusive file in PCHAT_BENCH_CLAIMS (a folder; one file per claimed user), which works across the
// harness's worker processes. The users must exist (setup.ts creates them). An explicit `user` wins.
//   PCHAT_BENCH_CLAIMS   claims folder (default <tmpdir>/pchat-bench-claims-<port>)
//   PCHAT_BENCH_PREFIX   user name prefix (default bench)
//   PCHAT_BENCH_CHAT_URI the chat server URI to INVITE (default sip:pchat@<domain>)
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

const CRLF2 = Buffer.from('\r\n\r\n');
const hrms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;

function xmlEsc(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
function xmlUnesc(s) {
  return s.indexOf('&') < 0
    ? s
    : s
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&');
}
function attrOf(s, name, from = 0) {
  const k = s.indexOf(` ${name}="`, from);
  if (k < 0) return undefined;
  const v = k + name.length + 3;
  return xmlUnesc(s.slice(v, s.indexOf('"', v)));
}

// ---- user claims (shared by the harness's processes) ----
let nextClaim = 1;
function claimUser(port) {
  const dir = process.env.PCHAT_BENCH_CLAIMS || path.join(os.tmpdir(), `pchat-bench-claims-${port}`);
  const prefix = process.env.PCHAT_BENCH_PREFIX || 'bench';
  fs.mkdirSync(dir, { recursive: true });
  for (let i = nextClaim; i < 1_000_000; i++) {
    try {
      fs.closeSync(fs.openSync(path.join(dir, String(i)), 'wx'));
      nextClaim = i + 1;
      return `${prefix}${i}`;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
  }
  throw new Error('no free bench user');
}

function roomUri(room, domain) {
  return room.startsWith('ma-chan://') ? room : `ma-chan://${domain}/${room}`;
}

// ---- SIP message framing: header section up to CRLFCRLF, then Content-Length bytes ----
function parseHead(head) {
  // Returns { first, headers: [[lname, line]], clen }; `line` is the full header line (for copying).
  const lines = head.split('\r\n');
  const headers = [];
  let clen = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    const c = line.indexOf(':');
    if (c < 0) continue;
    const n = line.slice(0, c).trim().toLowerCase();
    if (n === 'content-length' || n === 'l') clen = Number(line.slice(c + 1).trim());
    headers.push([n, line]);
  }
  return { first: lines[0], headers, clen };
}
const hval = (line) => line.slice(line.indexOf(':') + 1).trim();
function header(msg, name) {
  for (const [n, line] of msg.headers) if (n === name) return hval(line);
  return undefined;
}
function tagOf(v) {
  const m = /;\s*tag=([^;>\s]+)/i.exec(v || '');
  return m ? m[1] : undefined;
}

let envSeq = Math.floor(Math.random() * 1e6);

export async function connect({
  host = '127.0.0.1',
  port = 5060,
  domain = 'example.test',
  user,
  timeoutMs = 30000,
} = {}) {
  const name = user || claimUser(port);
  const sock = net.connect({ host, port });
  sock.setNoDelay(true);
  await new Promise((res, rej) => {
    sock.once('connect', res);
    sock.once('error', rej);
  });
  const c = new PchatClient(sock, domain, `sip:${name}@${domain}`, timeoutMs);
  await c._signIn();
  return c;
}

class PchatClient {
  constructor(sock, domain, aor, timeoutMs) {
    this.sock = sock;
    this.domain = domain;
    this.aor = aor;
    this.timeoutMs = timeoutMs;
    this.chatUri = process.env.PCHAT_BENCH_CHAT_URI || `sip:pchat@${domain}`;
    this.tag = randomBytes(4).toString('hex');
    this.epid = randomBytes(5).toString('hex');
    this.regCallId = randomBytes(8).toString('hex');
    this.chatCallId = randomBytes(8).toString('hex');
    this.local = `127.0.0.1:${sock.localPort}`;
    this.cseq = 0;
    this.remoteTag = '';
    this.remoteTarget = this.chatUri;
    this.onMessage = null;
    this.closed = false;
    this.pending = new Map(); // cseq -> { resolve, reject, timer }  (our requests awaiting a final answer)
    this.replyWaiters = []; // { id, uri, resolve, reject, timer }  (XCCOS rpl:* awaited)
    this.buf = null;
    this.out = [];
    sock.on('data', (d) => this._data(d));
    sock.on('error', (e) => this._fail(e));
    sock.on('close', () => {
      this.closed = true;
      this._fail(new Error('socket closed'));
    });
  }

  _fail(e) {
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(e);
    }
    this.pending.clear();
    for (const w of this.replyWaiters.splice(0)) {
      clearTimeout(w.timer);
      w.reject(e);
    }
  }

  _data(chunk) {
    let buf = this.buf ? Buffer.concat([this.buf, chunk]) : chunk;
    let off = 0;
    for (;;) {
      // skip keep-alive CRLFs between messages
      while (off + 1 < buf.length && buf[off] === 13 && buf[off + 1] === 10) off += 2;
      const end = buf.indexOf(CRLF2, off);
      if (end < 0) break;
      const msg = parseHead(buf.latin1Slice(off, end));
      const bodyStart = end + 4;
      if (buf.length < bodyStart + msg.clen) break;
      msg.body = msg.clen ? buf.utf8Slice(bodyStart, bodyStart + msg.clen) : '';
      off = bodyStart + msg.clen;
      this._message(msg);
    }
    this.buf = off < buf.length ? buf.subarray(off) : null;
    if (this.out.length) {
      const s = this.out.join('');
      this.out.length = 0;
      if (!this.closed) this.sock.write(s);
    }
  }

  _message(msg) {
    if (msg.first.startsWith('SIP/2.0 ')) {
      const status = Number(msg.first.slice(8, 11));
      if (status < 200) return;
      const cseq = parseInt(header(msg, 'cseq') || '0', 10);
      const p = this.pending.get(cseq);
      if (p) {
        this.pending.delete(cseq);
        clearTimeout(p.timer);
        p.resolve({ status, msg });
      }
      return;
    }
    // A request from the server: answer it at once (batched per read), then look at its content.
    const method = msg.first.slice(0, msg.first.indexOf(' '));
    if (method === 'ACK') return;
    let r = 'SIP/2.0 200 OK\r\n';
    for (const [n, line] of msg.headers)
      if (
        n === 'via' ||
        n === 'v' ||
        n === 'from' ||
        n === 'f' ||
        n === 'to' ||
        n === 't' ||
        n === 'call-id' ||
        n === 'i' ||
        n === 'cseq'
      )
        r += line + '\r\n';
    this.out.push(r + 'Content-Length: 0\r\n\r\n');
    if (method === 'INFO' && msg.body) this._xccos(msg.body);
    else if (method === 'BYE') {
      this.closed = true;
      this.sock.end();
    }
  }

  _xccos(body) {
    // Live post: a bare <grpchat> (the hot path: no generic XML parsing).
    const g = body.indexOf('<grpchat ');
    if (g >= 0 && body.indexOf('<rpl ') < 0) {
      if (!this.onMessage) return;
      const chan = attrOf(body, 'chanUri', g);
      const a = body.indexOf('<chat>', g);
      const b = body.indexOf('</chat>', a);
      this.onMessage(chan, a >= 0 && b > a ? xmlUnesc(body.slice(a + 6, b)) : '', { history: false });
      return;
    }
    if (!this.replyWaiters.length) return;
    // Replies: <rpl id="rpl:join" ...> (several items may share one envelope).
    let i = 0;
    while ((i = body.indexOf('<rpl ', i)) >= 0) {
      const id = attrOf(body, 'id', i);
      const end = body.indexOf('</rpl>', i);
      const item = body.slice(i, end < 0 ? body.length : end);
      const k = this.replyWaiters.findIndex((w) => w.id === id);
      if (k >= 0) {
        const w = this.replyWaiters.splice(k, 1)[0];
        clearTimeout(w.timer);
        const code = Number((/<resp code="(\d+)"/.exec(item) || [])[1] || 500);
        if (code !== 200)
          w.reject(new Error(`${id}: ${code} ${(/<resp[^>]*>([^<]*)</.exec(item) || [])[1] || ''}`));
        else w.resolve(item);
      }
      i = end < 0 ? body.length : end;
    }
  }

  _request(method, uri, { to, callId, extra = '', body = '', wait = true } = {}) {
    const cseq = ++this.cseq;
    const blen = Buffer.byteLength(body);
    const s =
      `${method} ${uri} SIP/2.0\r\nVia: SIP/2.0/TCP ${this.local};branch=z9hG4bK${randomBytes(6).toString('hex')}\r\n` +
      `Max-Forwards: 70\r\nFrom: <${this.aor}>;tag=${this.tag};epid=${this.epid}\r\nTo: ${to}\r\nCall-ID: ${callId}\r\nCSeq: ${cseq} ${method}\r\n` +
      extra +
      `Content-Length: ${blen}\r\n\r\n` +
      body;
    if (this.closed) return wait ? Promise.reject(new Error('closed')) : null;
    this.sock.write(s);
    if (!wait) return null;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(cseq);
        reject(new Error(`${method} timeout`));
      }, this.timeoutMs);
      this.pending.set(cseq, { resolve, reject, timer });
    });
  }

  _info(body, wait = false) {
    return this._request('INFO', this.remoteTarget, {
      to: `<${this.chatUri}>;tag=${this.remoteTag}`,
      callId: this.chatCallId,
      extra: 'Content-Type: text/plain\r\n',
      body,
      wait,
    });
  }

  _awaitReply(id) {
    return new Promise((resolve, reject) => {
      const w = {
        id,
        resolve,
        reject,
        timer: setTimeout(() => {
          const k = this.replyWaiters.indexOf(w);
          if (k >= 0) this.replyWaiters.splice(k, 1);
          reject(new Error(`${id} timeout`));
        }, this.timeoutMs),
      };
      this.replyWaiters.push(w);
    });
  }

  _command(id, data) {
    const env = `<xccos ver="1" envid="${++envSeq}" xmlns="urn:parlano:xml:ns:xccos"><cmd id="cmd:${id}" seqid="1"><data>${data}</data></cmd></xccos>`;
    const p = this._awaitReply(`rpl:${id}`);
    this._info(env);
    return p;
  }

  async _signIn() {
    const contact = `Contact: <sip:${this.local};transport=tcp>\r\n`;
    const reg = await this._request('REGISTER', `sip:${this.domain}`, {
      to: `<${this.aor}>`,
      callId: this.regCallId,
      extra:
        contact +
        'Supported: gruu-10, adhoclist, msrtc-event-categories\r\nEvent: registration\r\nExpires: 7200\r\n',
    });
    if (reg.status !== 200) throw new Error(`REGISTER ${this.aor}: ${reg.status} ${reg.msg.first}`);
    const sdp = `v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=session\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=message 5060 sip null\r\n`;
    const inv = await this._request('INVITE', this.chatUri, {
      to: `<${this.chatUri}>`,
      callId: this.chatCallId,
      body: sdp,
      extra: contact + 'Supported: ms-sender\r\nContent-Type: application/sdp\r\n',
    });
    if (inv.status !== 200)
      throw new Error(
        `INVITE ${this.chatUri} as ${this.aor}: ${inv.status} ${header(inv.msg, 'ms-diagnostics') || ''}`,
      );
    this.remoteTag = tagOf(header(inv.msg, 'to')) || '';
    const ct = /<([^>]+)>/.exec(header(inv.msg, 'contact') || '');
    if (ct) this.remoteTarget = ct[1];
    // ACK has the INVITE's CSeq number (RFC 3261 §13.2.2.4).
    const ack =
      `ACK ${this.remoteTarget} SIP/2.0\r\nVia: SIP/2.0/TCP ${this.local};branch=z9hG4bK${randomBytes(6).toString('hex')}\r\n` +
      `Max-Forwards: 70\r\nFrom: <${this.aor}>;tag=${this.tag};epid=${this.epid}\r\nTo: <${this.chatUri}>;tag=${this.remoteTag}\r\n` +
      `Call-ID: ${this.chatCallId}\r\nCSeq: ${this.cseq} ACK\r\nContent-Length: 0\r\n\r\n`;
    this.sock.write(ack);
  }

  async join(room, { history = 0 } = {}) {
    const uri = roomUri(room, this.domain);
    const t0 = process.hrtime.bigint();
    const rest = uri.slice('ma-chan://'.length);
    const slash = rest.indexOf('/');
    await this._command(
      'join',
      `<chanid key="0" domain="${xmlEsc(rest.slice(0, slash))}" value="${xmlEsc(rest.slice(slash + 1))}"/>`,
    );
    let n = 0;
    if (history > 0) n = (await this._history(uri, history)).count;
    return { ms: hrms(t0), history: n };
  }

  async _history(uri, count) {
    const item = await this._command(
      'bccontext',
      `<chanib uri="${xmlEsc(uri)}"/><bcq><last cnt="${count}"/></bcq>`,
    );
    let n = 0;
    for (let i = 0; (i = item.indexOf('<msg ', i)) >= 0; i += 5) n++;
    return { count: n };
  }

  send(room, text) {
    const uri = roomUri(room, this.domain);
    const ts = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    this._info(
      `<xccos ver="1" envid="${++envSeq}" xmlns="urn:parlano:xml:ns:xccos"><grpchat id="grpchat" seqid="1" chanUri="${xmlEsc(uri)}" author="${xmlEsc(this.aor)}" ts="${ts}"><chat>${xmlEsc(text)}</chat></grpchat></xccos>`,
    );
  }

  async fetchLast(room, n = 50) {
    const t0 = process.hrtime.bigint();
    const r = await this._history(roomUri(room, this.domain), n);
    return { ms: hrms(t0), count: r.count };
  }

  close() {
    if (this.closed) return;
    try {
      this._request('BYE', this.remoteTarget, {
        to: `<${this.chatUri}>;tag=${this.remoteTag}`,
        callId: this.chatCallId,
        wait: false,
      });
    } catch {
      /* closing anyway */
    }
    this.closed = true;
    this.sock.end();
    setTimeout(() => this.sock.destroy(), 200).unref();
  }
}
