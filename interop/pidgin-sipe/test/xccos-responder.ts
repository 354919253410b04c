// A scripted SIP/XCCOS peer for the harness test: plays the part of a Lync Persistent Chat
// server for one pidgin-sipe client, with canned answers and no authentication (docs/xccos.md
// §6.1). It serves exactly what the test needs: REGISTER, provisioning-v2,
// the ocschat lookup (INVITE + cmd:requri), the chat server dialog, chansrch with one room,
// join, bccontext with one history line, grpchat echo and part. Everything it receives is
// recorded so a test can check what the client sent.
import { createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { SipStreamParser, formatSip, header, tagOf, uriOf } from './sip-wire.js';
import type { SipMessage } from './sip-wire.js';

export interface ResponderScript {
  domain: string;
  room: { uri: string; name: string; topic: string; description: string };
  members: readonly string[];
  history: { author: string; ts: string; text: string };
}

export const DEFAULT_SCRIPT: ResponderScript = {
  domain: 'example.test',
  room: {
    uri: 'ma-chan://example.test/lobby',
    name: 'Lobby',
    topic: 'scripted "topic" with \\ backslash',
    description: 'one scripted room',
  },
  members: ['sip:bob@example.test'],
  history: {
    author: 'sip:carol@example.test',
    ts: '2024-02-03T04:05:06Z',
    text: 'from the archive: <ok> & "fine"',
  },
};

export interface XccosResponder {
  readonly port: number;
  /** SIP methods received, in order (REGISTER, SUBSCRIBE, INVITE, INFO ...). */
  readonly methods: string[];
  /** XCCOS command ids received (cmd:requri, cmd:join, grpchat ...). */
  readonly commands: string[];
  close(): Promise<void>;
}

interface Dialog {
  callId: string;
  peerUri: string; // the URI the client INVITEd: From of our INFOs must equal it
  ourTag: string;
  theirTag: string;
  user: string;
  cseq: number;
}

const xmlEscape = (s: string): string =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

export async function startXccosResponder(script: ResponderScript = DEFAULT_SCRIPT): Promise<XccosResponder> {
  const methods: string[] = [];
  const commands: string[] = [];
  const sockets = new Set<Socket>();
  const chatServer = `sip:chatsrv@${script.domain}`;
  let counter = 1;
  const next = (): number => counter++;

  const server = createServer((sock) => {
    sockets.add(sock);
    const parser = new SipStreamParser();
    const dialogs = new Map<string, Dialog>();
    const write = (text: string): void => {
      if (!sock.destroyed) sock.write(text);
    };
    sock.on('error', () => {}); // the client closes without waiting at sign-out
    sock.on('close', () => sockets.delete(sock));
    sock.on('data', (chunk) => {
      for (const m of parser.push(chunk)) if (m.method) onRequest(m);
    });

    const reply = (req: SipMessage, status: string, extra: readonly string[] = [], body = ''): string => {
      const to = header(req, 'to');
      const toWithTag = tagOf(to) ? to : `${to};tag=r${next()}`;
      write(
        formatSip(
          `SIP/2.0 ${status}`,
          [
            `Via: ${header(req, 'via')}`,
            `From: ${header(req, 'from')}`,
            `To: ${toWithTag}`,
            `Call-ID: ${header(req, 'call-id')}`,
            `CSeq: ${header(req, 'cseq')}`,
            ...extra,
          ],
          body,
        ),
      );
      return toWithTag;
    };

    // XCCOS answers travel as our own INFO inside the client's INVITE dialog.
    const info = (d: Dialog, payload: string): void => {
      write(
        formatSip(
          `INFO sip:${d.user} SIP/2.0`,
          [
            `Via: SIP/2.0/TCP 127.0.0.1:${port};branch=z9hG4bKresp${next()}`,
            `From: <${d.peerUri}>;tag=${d.ourTag}`,
            `To: <sip:${d.user}>;tag=${d.theirTag}`,
            `Call-ID: ${d.callId}`,
            `CSeq: ${++d.cseq} INFO`,
            'Content-Type: text/plain',
          ],
          `<xccos ver="1" envid="${next()}" xmlns="urn:parlano:xml:ns:xccos">${payload}</xccos>`,
        ),
      );
    };
    const rpl = (id: string, clientEnvid: string, data: string): string =>
      `<rpl id="rpl:${id}" seqid="1"><commandid seqid="1" envid="${clientEnvid}"/>` +
      `<resp code="200">SUCCESS_OK</resp><data>${data}</data></rpl>`;

    const onRequest = (m: SipMessage): void => {
      methods.push(m.method ?? '');
      switch (m.method) {
        case 'ACK':
          return;
        case 'REGISTER':
          // COMPAT(pidgin-sipe): Expires must be a header; Supported: msrtc-event-categories must be its
          // own value (it enables provisioning-v2, hence group chat); Allow-Events is split without trimming.
          reply(m, '200 OK', [
            'Expires: 3600',
            'Supported: msrtc-event-categories',
            'Allow-Events: vnd-microsoft-provisioning-v2',
            'Server: RTC/4.0',
            `Contact: ${header(m, 'contact')}`,
          ]);
          return;
        case 'SUBSCRIBE':
          if (header(m, 'event') === 'vnd-microsoft-provisioning-v2') {
            reply(
              m,
              '200 OK',
              [
                'Event: vnd-microsoft-provisioning-v2',
                'Expires: 0',
                'ms-piggyback-cseq: 1',
                'Content-Type: application/vnd-microsoft-roaming-provisioning-v2+xml',
              ],
              '<provisionGroupList xmlns="http://schemas.microsoft.com/2006/09/sip/provisiongrouplist-notification">' +
                '<provisionGroup name="persistentChatConfiguration"><propertyEntryList>' +
                '<property name="EnablePersistentChat">true</property>' +
                `<property name="DefaultPersistentChatPoolUri">sip:ocschat@${script.domain}</property>` +
                '</propertyEntryList></provisionGroup></provisionGroupList>',
            );
          } else reply(m, '200 OK', [`Event: ${header(m, 'event')}`, 'Expires: 0']);
          return;
        case 'INVITE': {
          // Both the ocschat lookup and the chat server dialog are accepted the same way.
          const to = reply(m, '200 OK', [
            `Contact: <${m.uri};transport=tcp>`,
            'Session-Expires: 3600;refresher=uac',
          ]);
          dialogs.set(header(m, 'call-id'), {
            callId: header(m, 'call-id'),
            peerUri: m.uri,
            ourTag: tagOf(to) ?? '',
            theirTag: tagOf(header(m, 'from')) ?? '',
            user: uriOf(header(m, 'from')).replace(/^sip:/, ''),
            cseq: 0,
          });
          return;
        }
        case 'INFO': {
          reply(m, '200 OK');
          const d = dialogs.get(header(m, 'call-id'));
          if (d) onXccos(d, m.body);
          return;
        }
        default:
          reply(m, '200 OK'); // BYE, UPDATE, SERVICE, OPTIONS, NOTIFY
      }
    };

    const onXccos = (d: Dialog, body: string): void => {
      const envid = /<xccos[^>]* envid="(\d+)"/.exec(body)?.[1] ?? '0';
      const id = /<(?:cmd|grpchat) id="([^"]+)"/.exec(body)?.[1] ?? '?';
      commands.push(id);
      const { room } = script;
      switch (id) {
        case 'cmd:requri':
          return info(d, rpl('requri', envid, `<uib uri="${chatServer}"/>`));
        case 'cmd:getinv':
          return info(d, rpl('getinv', envid, ''));
        case 'cmd:chansrch':
          return info(
            d,
            rpl(
              'chansrch',
              envid,
              `<chanib name="${xmlEscape(room.name)}" description="${xmlEscape(room.description)}" uri="${room.uri}">` +
                `<info id="urn:parlano:ma:info:ucnt">${script.members.length}</info>` +
                '<prop id="urn:parlano:ma:prop:logged">true</prop></chanib>',
            ),
          );
        case 'cmd:join':
        case 'cmd:bjoin': {
          const users = script.members.map((u, i) => `<uib id="${i + 1}" uri="${u}"/>`).join('');
          const ids = script.members.map((_u, i) => i + 1).join(',');
          return info(
            d,
            rpl(
              id.slice(4),
              envid,
              `${users}<chanib uri="${room.uri}" name="${xmlEscape(room.name)}" topic="${xmlEscape(room.topic)}">` +
                `<aib key="3984" value="${ids}"/></chanib>`,
            ),
          );
        }
        case 'cmd:bccontext': {
          const h = script.history;
          return info(
            d,
            rpl(
              'bccontext',
              envid,
              `<chanib uri="${room.uri}"><msg id="grpchat" chanUri="${room.uri}" author="${h.author}" ts="${h.ts}">` +
                `<chat>${xmlEscape(h.text)}</chat></msg></chanib>`,
            ),
          );
        }
        case 'grpchat': {
          // libpurple never shows its own chat posts: the server's echo is what the sender sees.
          const post = /<grpchat[\s\S]*<\/grpchat>/.exec(body)?.[0];
          if (post) info(d, post);
          return;
        }
        case 'cmd:part':
          return info(d, rpl('part', envid, `<chanib uri="${room.uri}"/>`));
        default:
          return; // anything else is left unanswered, as pidgin-sipe ignores unknown replies anyway
      }
    };
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    methods,
    commands,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
