// Manual interop probe (not run by the test runner): a canned group-chat flow (docs/xccos.md §5), but
// with real connection-less NTLM and MS-SIPAE signing from @pchat/ntlm. It shows how a SIP front end
// maps messages onto the module.
//
//   node --conditions=development --import tsx packages/server/test/auth/sipe-interop-probe.ts 5071
//   (then run that directory's build/sipe-harness with -u alice@example.test -p secret -a ntlm
//    -s 127.0.0.1:5071 -t tcp, under LD_PRELOAD=build/sax1-shim.so, as its run-demo.sh does)
//
// Result on 2026-11-21 with pidgin-sipe 1.25.0: AUTHENTICATE verified, 23 of 23 client signatures valid
// (requests and responses), 20 of 20 server messages "signature of incoming message validated" by the
// client, rooms listed, room joined, message sent and received, clean sign-off.
import net from 'node:net';
import * as N from '../src/index.js';

const PORT = Number(process.argv[2] || 5071);
const DOM = 'example.test';
const ROOM = `ma-chan://${DOM}/room1`;
const CHATSRV = `sip:chatsrv@${DOM}`;
const REALM = 'SIP Communications Service';
const TARGET = `pchat.${DOM}`;
const IDENTITY = {
  nbDomainName: 'EXAMPLE',
  nbComputerName: 'PCHAT',
  dnsDomainName: DOM,
  dnsComputerName: TARGET,
};
let seq = 1;
let pending: N.PendingChallenge | undefined;
let sa: N.SecurityAssociation | undefined;
const log = (...a: unknown[]) => console.log('#', ...a);

type Msg = { start: string; h: Record<string, string>; body: string; method: string };
function parse(buf: string): [Msg[], string] {
  const out: Msg[] = [];
  for (;;) {
    buf = buf.replace(/^(\r\n)+/, '');
    const end = buf.indexOf('\r\n\r\n');
    if (end < 0) break;
    const head = buf.slice(0, end).split('\r\n');
    const h: Record<string, string> = {};
    for (const l of head.slice(1)) {
      const i = l.indexOf(':');
      const k = l.slice(0, i).trim().toLowerCase();
      if (!(k in h)) h[k] = l.slice(i + 1).trim();
    }
    const len = Number(h['content-length'] || 0);
    if (buf.length - (end + 4) < len) break;
    const body = buf.slice(end + 4, end + 4 + len);
    out.push({ start: head[0]!, h, body, method: head[0]!.split(' ')[0]! });
    buf = buf.slice(end + 4 + body.length);
  }
  return [out, buf];
}

function fieldsOf(lines: string[], status?: number): N.MessageSignatureFields {
  const get = (n: string) => {
    const l = lines.find((x) => x.toLowerCase().startsWith(n.toLowerCase() + ':'));
    return l ? l.slice(l.indexOf(':') + 1).trim() : undefined;
  };
  const f = N.fieldsFromHeaders(
    {
      callId: get('Call-ID')!,
      cseq: get('CSeq')!,
      from: get('From')!,
      to: get('To')!,
      expires: get('Expires'),
      ...(status ? { statusCode: status } : { requestMethod: lines[0]!.split(' ')[0] }),
    },
    { rand: '', num: '', realm: REALM, targetname: TARGET },
  );
  const { protocol: _a, rand: _b, num: _c, realm: _d, targetname: _e, ...rest } = f;
  return rest;
}

function send(sock: net.Socket, lines: string[], body = '', status?: number, sign = true) {
  if (sa && sign)
    lines.push(`Authentication-Info: ${sa.signServerMessage(fieldsOf(lines, status)).authenticationInfo}`);
  const msg = [...lines, `Content-Length: ${Buffer.byteLength(body)}`, '', body].join('\r\n');
  sock.write(msg);
}
function respond(
  sock: net.Socket,
  req: Msg,
  code: number,
  reason: string,
  extra: string[] = [],
  body = '',
  sign = true,
) {
  const to = /;tag=/.test(req.h.to!) ? req.h.to! : `${req.h.to};tag=srv${seq++}`;
  send(
    sock,
    [
      `SIP/2.0 ${code} ${reason}`,
      `Via: ${req.h.via}`,
      `From: ${req.h.from}`,
      `To: ${to}`,
      `Call-ID: ${req.h['call-id']}`,
      `CSeq: ${req.h.cseq}`,
      ...extra,
    ],
    body,
    code,
    sign,
  );
  return to;
}

const dialogs: Record<
  string,
  { with: string; ourTag: string; theirTag: string; user: string; cseq: number }
> = {};
function info(sock: net.Socket, callId: string, xml: string) {
  const d = dialogs[callId]!;
  send(
    sock,
    [
      `INFO sip:${d.user}@127.0.0.1 SIP/2.0`,
      `Via: SIP/2.0/TCP 127.0.0.1:${PORT};branch=z9hG4bKsrv${seq++}`,
      `From: <${d.with}>;tag=${d.ourTag}`,
      `To: <sip:${d.user}>;tag=${d.theirTag}`,
      `Call-ID: ${callId}`,
      `CSeq: ${++d.cseq} INFO`,
      'Content-Type: text/plain',
    ],
    `<xccos ver="1" envid="${seq++}" xmlns="urn:parlano:xml:ns:xccos">${xml}</xccos>`,
  );
}
const rpl = (id: string, envid: string | undefined, data: string) =>
  `<rpl id="rpl:${id}" seqid="1"><commandid seqid="1" envid="${envid}"/><resp code="200">SUCCESS_OK</resp><data>${data}</data></rpl>`;

function checkClientSignature(m: Msg): boolean {
  const auth = m.h.authorization;
  if (!sa || !auth) return false;
  const p = N.parseAuthParams(auth).params;
  const lines = [m.start, ...Object.entries(m.h).map(([k, v]) => `${k}: ${v}`)];
  const status = m.method === 'SIP/2.0' ? Number(m.start.split(' ')[1]) : undefined;
  const ok = sa.verifyClientMessage(fieldsOf(lines, status), {
    crand: p.get('crand') ?? '',
    cnum: p.get('cnum') ?? '',
    response: p.get('response') ?? '',
  });
  log(`client signature on ${m.start} cnum=${p.get('cnum')}: ${ok ? 'VALID' : 'INVALID'}`);
  return ok;
}

function handle(sock: net.Socket, m: Msg) {
  const tag = (s: string) => (s.match(/;tag=([^;>\s]+)/) || [])[1];
  if (m.method === 'REGISTER') {
    const auth = m.h.authorization;
    const p = auth ? N.parseAuthParams(auth).params : undefined;
    const base = `NTLM realm="${REALM}", targetname="${TARGET}", version=4`;
    if (!p) return respond(sock, m, 401, 'Unauthorized', [`WWW-Authenticate: ${base}`], '', false);
    if (p.get('gssapi-data') === '') {
      pending = N.issueChallenge({ identity: IDENTITY, nowMs: Date.now() });
      return respond(
        sock,
        m,
        401,
        'Unauthorized',
        [`WWW-Authenticate: ${base}, opaque="${pending.opaque}", gssapi-data="${pending.gssapiData}"`],
        '',
        false,
      );
    }
    if (p.get('gssapi-data')) {
      const a = N.parseAuthenticateMessage(new Uint8Array(Buffer.from(p.get('gssapi-data')!, 'base64')));
      try {
        sa = N.SecurityAssociation.establish({
          pending: pending!,
          authenticate: a,
          ntHash: N.ntHash('secret'),
          realm: REALM,
          targetname: TARGET,
          nowMs: Date.now(),
        });
        log(`AUTHENTICATE verified for user=${a.user} ws=${a.workstation} flags=0x${a.flags.toString(16)}`);
      } catch (e) {
        log('AUTHENTICATE refused:', (e as Error).message);
        return;
      }
    }
    checkClientSignature(m);
    return respond(sock, m, 200, 'OK', [
      'Expires: 7200',
      'Supported: msrtc-event-categories',
      'Supported: adhoclist',
      'Allow-Events: vnd-microsoft-provisioning-v2',
      'ms-keep-alive: UAS; tcp=no; hop-hop=yes; end-host=no; timeout=300',
      'Server: RTC/4.0',
      `Contact: ${m.h.contact}`,
    ]);
  }
  if (m.method !== 'ACK') checkClientSignature(m);
  if (m.method === 'SIP/2.0' || m.method === 'ACK') return;
  if (m.method === 'SUBSCRIBE') {
    if (/provisioning-v2/.test(m.h.event!)) {
      return respond(
        sock,
        m,
        200,
        'OK',
        [
          'Event: vnd-microsoft-provisioning-v2',
          'Expires: 0',
          'ms-piggyback-cseq: 1',
          'Content-Type: application/vnd-microsoft-roaming-provisioning-v2+xml',
        ],
        `<provisionGroupList xmlns="http://schemas.microsoft.com/2006/09/sip/provisiongrouplist-notification"><provisionGroup name="persistentChatConfiguration"><propertyEntryList><property name="EnablePersistentChat">true</property><property name="DefaultPersistentChatPoolUri">sip:ocschat@${DOM}</property></propertyEntryList></provisionGroup></provisionGroupList>`,
      );
    }
    return respond(sock, m, 200, 'OK', [`Event: ${m.h.event}`, 'Expires: 0']);
  }
  if (m.method === 'INVITE') {
    const withUri = m.start.split(' ')[1]!;
    const to = respond(
      sock,
      m,
      200,
      'OK',
      [
        `Contact: <${withUri};transport=tcp>`,
        'Session-Expires: 600;refresher=uac',
        'Content-Type: application/sdp',
      ],
      'v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=session\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=message 5060 sip null\r\n',
    );
    dialogs[m.h['call-id']!] = {
      with: withUri,
      ourTag: tag(to)!,
      theirTag: tag(m.h.from!)!,
      user: (m.h.from!.match(/<sip:([^>]+)>/) || [])[1]!,
      cseq: 0,
    };
    return;
  }
  if (m.method === 'INFO') {
    respond(sock, m, 200, 'OK');
    const cid = m.h['call-id']!,
      envid = (m.body.match(/envid="(\d+)"/) || [])[1];
    const cmd = (m.body.match(/<(?:cmd|grpchat) id="([^"]+)"/) || [])[1];
    setTimeout(() => {
      if (cmd === 'cmd:requri') info(sock, cid, rpl('requri', envid, `<uib uri="${CHATSRV}"/>`));
      if (cmd === 'cmd:getinv') info(sock, cid, rpl('getinv', envid, ''));
      if (cmd === 'cmd:chansrch')
        info(
          sock,
          cid,
          rpl(
            'chansrch',
            envid,
            `<chanib name="Room One" description="canned room" uri="${ROOM}"><info id="urn:parlano:ma:info:ucnt">2</info><prop id="urn:parlano:ma:prop:logged">true</prop></chanib>`,
          ),
        );
      if (cmd === 'cmd:join' || cmd === 'cmd:bjoin') {
        info(
          sock,
          cid,
          rpl(
            cmd.slice(4),
            envid,
            `<uib id="1" uri="sip:bob@${DOM}"/><chanib uri="${ROOM}" name="Room One" topic="canned topic"><aib key="3984" value="1"/></chanib>`,
          ),
        );
        setTimeout(
          () =>
            info(
              sock,
              cid,
              `<grpchat id="grpchat" seqid="1" chanUri="${ROOM}" author="sip:bob@${DOM}" ts="${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}"><chat>signed hello from bob</chat></grpchat>`,
            ),
          500,
        );
      }
      if (cmd === 'cmd:bccontext') info(sock, cid, rpl('bccontext', envid, `<chanib uri="${ROOM}"/>`));
      if (cmd === 'cmd:part') info(sock, cid, rpl('part', envid, `<chanib uri="${ROOM}"/>`));
      if (cmd === 'grpchat') info(sock, cid, m.body.match(/<grpchat[\s\S]*<\/grpchat>/)![0]);
    }, 100);
    return;
  }
  respond(sock, m, 200, 'OK');
}

net
  .createServer((sock) => {
    let buf = '';
    sock.on('data', (d) => {
      const [msgs, rest] = parse(buf + d.toString('latin1'));
      buf = rest;
      for (const m of msgs) handle(sock, m);
    });
    sock.on('close', () => log('client disconnected'));
    sock.on('error', () => {});
  })
  .listen(PORT, '127.0.0.1', () => log(`listening ${PORT}`));
