// Black-box scenarios written as transcripts: what each client sends and what it must get back, read top
// to bottom like a trace. The runner fills in what a transcript cannot know in advance (Via with a fresh
// branch, Max-Forwards, Content-Length, the client's CSeq unless the step gives one) and the variables
// `{<client>.tag}`, `{<client>.port}`, `{<client>.callId}` and `{<client>.toTag}` (the To tag of the
// client's last 2xx to an INVITE).
//
//   alice > INVITE sip:pchat@example.test          a request from client `alice` (headers follow, then an
//   From: <sip:alice@example.test>;tag={alice.tag}   empty line and the body, if any)
//   alice < 200                                    the final response to alice's last request
//     ms-diagnostics: ~^1002;                        ... a header that must match this regular expression
//   alice ? INFO ~rpl:getserverinfo                a request the server sent alice (body matches)
//   alice ! no BYE                                 no request of this method reached alice
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { getHeader, tagOf, type SipHeader, type SipRequest, type SipResponse } from '@pchat/protocol';
import type { SipTestClient } from './sip-client.js';

type Step =
  | { kind: 'send'; client: string; method: string; uri: string; headers: SipHeader[]; body: string }
  | { kind: 'expect'; client: string; status: number; checks: Array<[string, RegExp]> }
  | { kind: 'incoming'; client: string; method: string; body: RegExp }
  | { kind: 'none'; client: string; method: string };

const SEND = /^(\w+) > (\S+) (\S+)$/;
const EXPECT = /^(\w+) < (\d{3})$/;
const INCOMING = /^(\w+) \? (\S+) ~(.*)$/;
const NONE = /^(\w+) ! no (\S+)$/;

function parse(text: string): Step[] {
  const lines = text.replace(/^\n+/, '').split('\n');
  const steps: Step[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trimEnd();
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    let m: RegExpExecArray | null;
    if ((m = SEND.exec(line.trim()))) {
      const headers: SipHeader[] = [];
      for (i++; i < lines.length; i++) {
        const l = lines[i]!.trim();
        if (l === '') break;
        const c = l.indexOf(':');
        headers.push({ name: l.slice(0, c).trim(), value: l.slice(c + 1).trim() });
      }
      // A body: the lines after the blank line up to the next step.
      const bodyLines: string[] = [];
      while (i + 1 < lines.length && lines[i + 1]!.trim() !== '' && !isStep(lines[i + 1]!.trim()))
        bodyLines.push(lines[++i]!.trim());
      const body = bodyLines.join('\r\n');
      steps.push({ kind: 'send', client: m[1]!, method: m[2]!, uri: m[3]!, headers, body });
    } else if ((m = EXPECT.exec(line.trim()))) {
      const checks: Array<[string, RegExp]> = [];
      while (i + 1 < lines.length && /^\s+\S+:\s*~/.test(lines[i + 1]!)) {
        const l = lines[++i]!.trim();
        const c = l.indexOf(':');
        checks.push([
          l.slice(0, c),
          new RegExp(
            l
              .slice(c + 1)
              .trim()
              .slice(1),
          ),
        ]);
      }
      steps.push({ kind: 'expect', client: m[1]!, status: Number(m[2]), checks });
    } else if ((m = INCOMING.exec(line.trim())))
      steps.push({ kind: 'incoming', client: m[1]!, method: m[2]!, body: new RegExp(m[3]!) });
    else if ((m = NONE.exec(line.trim()))) steps.push({ kind: 'none', client: m[1]!, method: m[2]! });
    else throw new Error(`transcript line ${i + 1} is not a step: ${line}`);
  }
  return steps;
}

function isStep(l: string): boolean {
  return SEND.test(l) || EXPECT.test(l) || INCOMING.test(l) || NONE.test(l);
}

interface ClientState {
  sip: SipTestClient;
  callId: string;
  cseq: number;
  toTag: string;
  last: { method: string; response: Promise<SipResponse> } | null;
}

/** Runs a transcript with the given connected clients (named as in the transcript). */
export async function runTranscript(clients: Record<string, SipTestClient>, text: string): Promise<void> {
  const state = new Map<string, ClientState>();
  for (const [name, sip] of Object.entries(clients))
    state.set(name, { sip, callId: `tr-${randomBytes(6).toString('hex')}`, cseq: 1, toTag: '', last: null });
  const of = (name: string): ClientState => {
    const s = state.get(name);
    if (!s) throw new Error(`the transcript names a client "${name}" it was not given`);
    return s;
  };
  const fill = (s: string): string =>
    s.replace(/\{(\w+)\.(tag|port|callId|toTag)\}/g, (_all, who: string, what: string) => {
      const c = of(who);
      return what === 'tag'
        ? c.sip.tag
        : what === 'port'
          ? String(c.sip.localPort)
          : what === 'callId'
            ? c.callId
            : c.toTag;
    });
  for (const step of parse(text)) {
    const c = of(step.client);
    if (step.kind === 'send') {
      const headers = step.headers.map((h) => ({ name: h.name, value: fill(h.value) }));
      const given = headers.find((h) => h.name.toLowerCase() === 'cseq');
      const cseq = given ? parseInt(given.value, 10) : c.cseq++;
      const callId = headers.find((h) => h.name.toLowerCase() === 'call-id')?.value ?? c.callId;
      const rest = headers.filter((h) => !['cseq', 'call-id'].includes(h.name.toLowerCase()));
      const body = fill(step.body);
      const req: SipRequest = {
        kind: 'request',
        method: step.method,
        uri: fill(step.uri),
        headers: [
          {
            name: 'Via',
            value: `SIP/2.0/TCP 127.0.0.1:${c.sip.localPort};branch=z9hG4bK${randomBytes(6).toString('hex')}`,
          },
          { name: 'Max-Forwards', value: '70' },
          { name: 'Call-ID', value: callId },
          { name: 'CSeq', value: `${cseq} ${step.method}` },
          ...rest,
        ],
        body,
      };
      const response = c.sip.waitResponse(
        (r) =>
          getHeader(r, 'Call-ID') === callId &&
          getHeader(r, 'CSeq') === `${cseq} ${step.method}` &&
          r.status >= 200,
      );
      c.last = { method: step.method, response };
      c.sip.send(req);
    } else if (step.kind === 'expect') {
      if (!c.last) throw new Error(`${step.client} expects a response to nothing`);
      const r = await c.last.response;
      assert.equal(
        r.status,
        step.status,
        `${step.client}'s ${c.last.method}: ${r.status} ${r.reason} ${getHeader(r, 'ms-diagnostics') ?? ''}`,
      );
      for (const [name, re] of step.checks)
        assert.match(getHeader(r, name) ?? '', re, `${step.client}'s ${c.last.method}: ${name}`);
      if (c.last.method === 'INVITE' && r.status < 300) c.toTag = tagOf(getHeader(r, 'To') ?? '') ?? '';
    } else if (step.kind === 'incoming') {
      for (let i = 0; ; i++) {
        if (c.sip.incoming.some((m) => m.method === step.method && step.body.test(m.body))) break;
        if (i >= 500) assert.fail(`${step.client} never got a ${step.method} matching ${step.body}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } else {
      assert.equal(
        c.sip.incoming.filter((m) => m.method === step.method).length,
        0,
        `${step.client} got a ${step.method}`,
      );
    }
  }
}
