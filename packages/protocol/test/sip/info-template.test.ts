// The per-dialog INFO template gives, byte for byte, what the SipMessage path gives (createRequest +
// serializeMessage), for ASCII and non-ASCII bodies.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createRequest,
  infoHead,
  infoTemplate,
  parseMessage,
  serializeMessageToString,
  type SipRequest,
} from '@pchat/protocol';

test('templated INFO == createRequest + serializeMessage', () => {
  const p = {
    remoteTarget: 'sip:127.0.0.1:5555;transport=tcp',
    via: 'SIP/2.0/TCP 127.0.0.1:5060',
    from: '<sip:pchat@example.test>;tag=abc',
    to: '<sip:alice@example.test>;tag=def',
    callId: 'call-1',
    contact: '<sip:pchat.example.test:5060;transport=tcp>',
    contentType: 'text/plain',
  };
  const t = infoTemplate(p);
  for (const body of ['<xccos ver="1"/>', 'héllo — 😀 <x/>']) {
    const bytes = Buffer.from(body, 'utf8');
    const templated = infoHead(t, 'z9hG4bKfeed.1', 7, bytes.length) + body;
    const reference = serializeMessageToString(
      createRequest({
        method: 'INFO',
        uri: p.remoteTarget,
        from: p.from,
        to: p.to,
        callId: p.callId,
        cseq: 7,
        via: `${p.via};branch=z9hG4bKfeed.1`,
        contact: p.contact,
        body,
        contentType: 'text/plain',
      }),
    );
    assert.equal(templated, reference);
    const parsed = parseMessage(
      Buffer.concat([Buffer.from(infoHead(t, 'z9hG4bKfeed.1', 7, bytes.length)), bytes]),
    ) as SipRequest;
    assert.equal(parsed.body, body);
  }
});
