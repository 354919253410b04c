// The XCCOS envelope: `<xccos ver="1" envid="N" xmlns="urn:parlano:xml:ns:xccos">payload</xccos>`, one per
// SIP INFO body (docs/xccos.md §1). `envid` is a per-sender counter; the server
// uses its own values and echoes the client's in `<commandid envid>`.
import type { ChatMessage } from './model.js';
import { XccosError } from './errors.js';
import { childElements, parseXml, type XmlLimits } from './xml.js';
import { Reader } from './read.js';
import { decodeCommandElement, encodeCommand, replyIdFor, type XccosCommand } from './commands.js';
import { decodeReply, encodeReply, encodeRplElement, type XccosReply } from './replies.js';
import { decodeNotice, encodeNotice, type XccosNotice } from './notices.js';
import { decodeMessage, encodeGrpchat } from './message.js';

export const XCCOS_NS = 'urn:parlano:xml:ns:xccos';
const ENVID = /^\d{1,20}$/;

/** What a server sends inside one envelope. */
export type ServerItem =
  | { kind: 'reply'; reply: XccosReply }
  | { kind: 'notice'; notice: XccosNotice }
  | { kind: 'grpchat'; message: ChatMessage };

/** What the SDK gets back: the items it understands, plus the ids it does not (to log and skip). */
export type DecodedServerItem = ServerItem | { kind: 'unknown'; element: string; id?: string };

/** Wraps an already-serialized payload. Pure concatenation: the per-recipient cost of a broadcast. */
export function wrapEnvelope(envid: string | number, payload: string): string {
  if (typeof envid === 'number' ? !(Number.isSafeInteger(envid) && envid >= 0) : !ENVID.test(envid)) {
    throw new XccosError(
      'bad-envelope',
      `envid ${String(envid)} is not a whole number ≥ 0; use the sender's envelope counter.`,
    );
  }
  return `<xccos ver="1" envid="${envid}" xmlns="${XCCOS_NS}">${payload}</xccos>`;
}

/** SDK: one command in one envelope. */
export function encodeCommandEnvelope(envid: string | number, command: XccosCommand): string {
  return wrapEnvelope(envid, encodeCommand(command));
}

/**
 * Server: several items in one envelope. COMPAT(pidgin-sipe): the client handles the `rpl` siblings if
 * there is any `rpl`, else the `ntc` siblings, else the first `grpchat`; so put only one kind of item
 * (and only one grpchat) in an envelope meant for it. The SDK decoder handles any mix.
 */
export function encodeServerEnvelope(envid: string | number, items: readonly ServerItem[]): string {
  let s = '';
  for (const it of items)
    s +=
      it.kind === 'reply'
        ? encodeReply(it.reply)
        : it.kind === 'notice'
          ? encodeNotice(it.notice)
          : encodeGrpchat(it.message);
  return wrapEnvelope(envid, s);
}

export function encodeReplyEnvelope(envid: string | number, reply: XccosReply): string {
  return wrapEnvelope(envid, encodeReply(reply));
}

/**
 * Server: a correlated error reply for any command id, including ones the codec does not know
 * (XccosError.commandId/.envid carry them). `rpl:<cmd>` with `<resp code>` and text, no `<data>`.
 */
export function encodeErrorReplyEnvelope(
  envid: string | number,
  e: { commandId: string; commandEnvid?: string; code: number; text: string },
): string {
  return wrapEnvelope(envid, encodeRplElement(replyIdFor(e.commandId), e.commandEnvid, e.code, e.text));
}

/** Server: a live message in an envelope. Prefer `encodeGrpchat` once + `wrapEnvelope` per recipient. */
export function encodeBroadcast(envid: string | number, message: ChatMessage): string {
  return wrapEnvelope(envid, encodeGrpchat(message));
}

function openEnvelope(
  text: string,
  limits: XmlLimits | undefined,
): { envid: string; root: ReturnType<typeof parseXml> } {
  const root = parseXml(text, limits);
  if (root.name !== 'xccos' || root.attrs.xmlns !== XCCOS_NS) {
    throw new XccosError('not-xccos', `Expected <xccos xmlns="${XCCOS_NS}">, got <${root.name}>.`);
  }
  const envid: unknown = root.attrs.envid;
  if (typeof envid !== 'string' || !ENVID.test(envid)) {
    throw new XccosError('bad-envelope', '<xccos> needs an envid attribute made of digits.');
  }
  const ver: unknown = root.attrs.ver;
  if (ver !== undefined && ver !== '1') {
    throw new XccosError('bad-envelope', `<xccos ver="${String(ver)}"> is not supported; use ver="1".`, {
      envid,
    });
  }
  return { envid, root };
}

/**
 * Server: decodes a client's INFO body into exactly one command. Throws XccosError; for every kind
 * raised after the envelope was read the error carries `envid`, and `commandId` once that was read.
 */
export function decodeCommandEnvelope(
  text: string,
  limits?: XmlLimits,
): { envid: string; command: XccosCommand } {
  const { envid, root } = openEnvelope(text, limits);
  const payload = childElements(root);
  const first = payload[0];
  if (payload.length !== 1 || !first || (first.name !== 'cmd' && first.name !== 'grpchat')) {
    throw new XccosError(
      'bad-envelope',
      'A client envelope must hold exactly one <cmd> or <grpchat> element.',
      { envid },
    );
  }
  const id: unknown = first.attrs.id;
  if (first.name === 'cmd' && typeof id !== 'string') {
    throw new XccosError('missing-argument', '<cmd> needs an id attribute such as "cmd:join".', { envid });
  }
  const commandId = first.name === 'grpchat' ? 'grpchat' : (id as string);
  return { envid, command: decodeCommandElement(first, new Reader({ envid, commandId })) };
}

/** SDK: decodes a server envelope into its items, in order. */
export function decodeServerEnvelope(
  text: string,
  limits?: XmlLimits,
): { envid: string; items: DecodedServerItem[] } {
  const { envid, root } = openEnvelope(text, limits);
  const items: DecodedServerItem[] = [];
  for (const el of childElements(root)) {
    const id = typeof el.attrs.id === 'string' ? (el.attrs.id as string) : undefined;
    const r = new Reader(id === undefined ? { envid } : { envid, commandId: id });
    if (el.name === 'rpl') {
      const reply = decodeReply(el, r);
      items.push(reply ? { kind: 'reply', reply } : unknown(el.name, id));
    } else if (el.name === 'ntc') {
      const notice = decodeNotice(el, r);
      items.push(notice ? { kind: 'notice', notice } : unknown(el.name, id));
    } else if (el.name === 'grpchat') {
      items.push({ kind: 'grpchat', message: decodeMessage(el, r) });
    } else items.push(unknown(el.name, id));
  }
  return { envid, items };
}

function unknown(element: string, id: string | undefined): DecodedServerItem {
  return id === undefined ? { kind: 'unknown', element } : { kind: 'unknown', element, id };
}
