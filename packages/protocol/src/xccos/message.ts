// Chat messages: live `grpchat` (docs/xccos.md §3: client post, server echo and fan-out) and the
// `msg id="grpchat"` entries of history (`rpl:bccontext`, history search). Both carry the same
// attributes and children, so one encoder and one decoder serve them.
//
// pidgin-sipe reads only `chanUri`, `author`, `ts` and the text of `<chat>`; everything else here is a
// pchat extension that it ignores (docs/protocol-notes.md, grpchat).
import type { Element } from 'ltx';
import type { ChatMessage, MessagePart } from './model.js';
import { attr, childElements, escapeAttr, escapeText, firstChild, textOf } from './xml.js';
import { formatXccosTime } from './time.js';
import { put, type Reader } from './read.js';

/**
 * The `<grpchat>` element of a message, as a string. This is the broadcast fast path: call it once per
 * post and wrap the result for every recipient with `wrapEnvelope` (envelope.ts), which is a string
 * concatenation. COMPAT(pidgin-sipe): `id="grpchat" seqid="1"` exactly as the client sends them.
 */
export function encodeGrpchat(m: ChatMessage): string {
  return `<grpchat id="grpchat" seqid="1"${messageAttrs(m)}>${messageChildren(m)}</grpchat>`;
}

/** A history entry: `<msg id="grpchat" ...>`, the path pidgin-sipe reads in `rpl:bccontext` (`chanib/msg`). */
export function encodeHistoryMessage(m: ChatMessage): string {
  return `<msg id="grpchat"${messageAttrs(m)}>${messageChildren(m)}</msg>`;
}

function messageAttrs(m: ChatMessage): string {
  return (
    ` chanUri="${escapeAttr(m.chanUri)}" author="${escapeAttr(m.author)}" ts="${formatXccosTime(m.ts)}"` +
    attr('msgid', m.messageId) +
    (m.alert ? ' alert="true"' : '') +
    attr('replaces', m.replaces) +
    (m.deleted ? ' deleted="true"' : '')
  );
}

function messageChildren(m: ChatMessage): string {
  let s = `<chat>${escapeText(m.text)}</chat>`;
  if (m.storyTitle !== undefined) s += `<story${attr('title', m.storyTitle)}/>`;
  if (m.rtf !== undefined) s += `<rtf>${escapeText(m.rtf)}</rtf>`;
  if (m.parts !== undefined) s += `<parts>${m.parts.map(encodePart).join('')}</parts>`;
  return s;
}

function encodePart(p: MessagePart): string {
  switch (p.kind) {
    case 'text':
      return `<text>${escapeText(p.text)}</text>`;
    case 'link':
      return `<link${attr('href', p.href)}${attr('text', p.text)}/>`;
    case 'room':
      return `<roomlink${attr('uri', p.uri)}${attr('text', p.text)}/>`;
    case 'emoticon':
      return `<emoticon${attr('name', p.name)}${attr('text', p.text)}/>`;
    case 'file':
      return `<file${attr('uri', p.uri)}${attr('name', p.name)}${attr('size', p.size)}${attr('text', p.text)}/>`;
  }
}

/** Decodes `<grpchat>` or `<msg id="grpchat">`. */
export function decodeMessage(el: Element, r: Reader): ChatMessage {
  const chat = firstChild(el, 'chat');
  const m: ChatMessage = {
    chanUri: r.roomUri(el, 'chanUri'),
    author: r.userUri(el, 'author'),
    ts: r.time(el, 'ts'),
    text: chat ? textOf(chat) : '',
  };
  put(m, 'messageId', r.optStr(el, 'msgid'));
  if (r.optBool(el, 'alert')) m.alert = true;
  put(m, 'replaces', r.optStr(el, 'replaces'));
  if (r.optBool(el, 'deleted')) m.deleted = true;
  const story = firstChild(el, 'story');
  if (story) m.storyTitle = r.str(story, 'title');
  const rtf = firstChild(el, 'rtf');
  if (rtf) m.rtf = textOf(rtf);
  const parts = firstChild(el, 'parts');
  if (parts) m.parts = childElements(parts).map((p) => decodePart(p, r));
  return m;
}

function decodePart(p: Element, r: Reader): MessagePart {
  switch (p.name) {
    case 'text':
      return { kind: 'text', text: textOf(p) };
    case 'link':
      return { kind: 'link', text: r.str(p, 'text'), href: r.str(p, 'href') };
    case 'roomlink':
      return { kind: 'room', text: r.str(p, 'text'), uri: r.roomUri(p, 'uri') };
    case 'emoticon':
      return { kind: 'emoticon', text: r.str(p, 'text'), name: r.str(p, 'name') };
    case 'file': {
      const f: MessagePart = {
        kind: 'file',
        text: r.str(p, 'text'),
        uri: r.str(p, 'uri'),
        name: r.str(p, 'name'),
      };
      put(f, 'size', r.optInt(p, 'size'));
      return f;
    }
    default:
      return r.fail(
        'bad-argument',
        `<parts> holds an unknown part <${p.name}>; expected text, link, roomlink, emoticon or file.`,
      );
  }
}
