// Black-box scenarios as transcripts (kit/transcript.ts): real TCP connections to the front end with the
// chat service behind it, each step what a client sends or must get back.
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { createChatService, type ChatService } from '../../src/chat/index.js';
import { ChatSipRouter } from '../../src/frontend/routing/chat-sessions.js';
import { SipTestClient } from '../kit/sip-client.js';
import { startTestServer, type TestServer } from '../kit/server.js';
import { runTranscript } from '../kit/transcript.js';

const GETSERVERINFO =
  '<xccos ver="1" envid="7" xmlns="urn:parlano:xml:ns:xccos"><cmd id="cmd:getserverinfo" seqid="1"><data><sib domain="example.test" infoType="all"/></data></cmd></xccos>';

describe('transcripts', () => {
  let t: TestServer;
  let service: ChatService;
  const router = new ChatSipRouter({ log: pino({ level: 'silent' }) });
  const open: SipTestClient[] = [];
  const connect = async (): Promise<SipTestClient> => {
    const c = await SipTestClient.connect({ port: t.tcpPort });
    open.push(c);
    return c;
  };

  before(async () => {
    t = await startTestServer(
      { auth: { schemes: ['trusted-network'], trustedNetworks: ['127.0.0.1/32'] } } as never,
      { chatRouter: router },
    );
    service = await createChatService({
      store: t.server.store,
      poolFqdn: 'pchat.example.test',
      logger: pino({ level: 'silent' }),
    });
    router.attach(service);
  });
  after(async () => {
    for (const c of open) c.destroy();
    await service.close();
    await t.close();
  });

  it('OPTIONS before sign-in; INVITE before REGISTER is refused and says why', async () => {
    await runTranscript(
      { stranger: await connect() },
      `
stranger > OPTIONS sip:example.test
From: <sip:stranger@example.test>;tag={stranger.tag}
To: <sip:example.test>

stranger < 200
  Allow: ~INVITE

stranger > INVITE sip:pchat@example.test
From: <sip:bob@example.test>;tag={stranger.tag}
To: <sip:pchat@example.test>
Contact: <sip:127.0.0.1:{stranger.port};transport=tcp>

stranger < 403
  ms-diagnostics: ~^1002;reason="[^"]*send REGISTER first"
`,
    );
  });

  it("another connection with the victim's Call-ID and tags gets 481; the victim's dialog goes on", async () => {
    await runTranscript(
      { alice: await connect(), mallory: await connect() },
      `
alice > REGISTER sip:example.test
From: <sip:alice@example.test>;tag={alice.tag};epid=ep1
To: <sip:alice@example.test>
Contact: <sip:127.0.0.1:{alice.port};transport=tcp>

alice < 200

alice > INVITE sip:pchat@example.test
From: <sip:alice@example.test>;tag={alice.tag};epid=ep1
To: <sip:pchat@example.test>
Contact: <sip:127.0.0.1:{alice.port};transport=tcp>
Content-Type: application/sdp

v=0
m=message 5060 sip null
alice < 200

mallory > REGISTER sip:example.test
From: <sip:carol@example.test>;tag={mallory.tag};epid=ep2
To: <sip:carol@example.test>
Contact: <sip:127.0.0.1:{mallory.port};transport=tcp>

mallory < 200

# Alice's dialog, copied onto mallory's connection, with a CSeq far ahead.
mallory > INFO sip:pchat@example.test
Call-ID: {alice.callId}
CSeq: 1000 INFO
From: <sip:alice@example.test>;tag={alice.tag};epid=ep1
To: <sip:pchat@example.test>;tag={alice.toTag}
Content-Type: text/plain

${GETSERVERINFO}
mallory < 481

mallory > BYE sip:pchat@example.test
Call-ID: {alice.callId}
CSeq: 1001 BYE
From: <sip:alice@example.test>;tag={alice.tag};epid=ep1
To: <sip:pchat@example.test>;tag={alice.toTag}

mallory < 481

# Alice's next CSeq is still in order and her dialog still serves commands; nobody sent her a BYE.
alice > INFO sip:pchat@example.test
From: <sip:alice@example.test>;tag={alice.tag};epid=ep1
To: <sip:pchat@example.test>;tag={alice.toTag}
Content-Type: text/plain

${GETSERVERINFO}
alice < 200
alice ? INFO ~rpl:getserverinfo
alice ! no BYE
`,
    );
  });

  it('after an un-REGISTER the connection may not INVITE until it registers again', async () => {
    await runTranscript(
      { bob: await connect() },
      `
bob > REGISTER sip:example.test
From: <sip:bob@example.test>;tag={bob.tag};epid=ep3
To: <sip:bob@example.test>
Contact: <sip:127.0.0.1:{bob.port};transport=tcp>

bob < 200

bob > REGISTER sip:example.test
From: <sip:bob@example.test>;tag={bob.tag};epid=ep3
To: <sip:bob@example.test>
Contact: <sip:127.0.0.1:{bob.port};transport=tcp>
Expires: 0

bob < 200

bob > INVITE sip:pchat@example.test
From: <sip:bob@example.test>;tag={bob.tag};epid=ep3
To: <sip:pchat@example.test>
Contact: <sip:127.0.0.1:{bob.port};transport=tcp>

bob < 403
  ms-diagnostics: ~^1011;reason="[^"]*REGISTER again
`,
    );
  });
});
