// Posting validation (PC-02, PC-06, PC-07, PC-15): who may post, what a message may look like.
import { DomainError } from '../errors.js';
import type { Actor } from '../model/principal.js';
import type { MessagePart, NewMessage } from '../model/message.js';
import { EMOTICONS, LINK_SCHEMES } from '../model/message.js';
import type { Category, Room } from '../model/room.js';
import type { ChatConfiguration } from '../model/topology.js';
import { assertCan } from '../access/can.js';

const KINDS = ['plain', 'alert', 'story'] as const;

/** UTF-8 byte length without TextEncoder (the domain uses no host APIs). Limits are in bytes (PC-07). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

type Limits = Pick<ChatConfiguration, 'messageSizeLimit' | 'storySizeLimit'>;

/** A byte count for people: 999 bytes, 12 KB, 3.4 MB (as the SDK renders a file link). */
export function describeSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${Math.round(bytes / 1000)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** How a plain client (pidgin-sipe) shows one part; the message text is these, joined (PC-06). */
export function partText(p: MessagePart): string {
  switch (p.type) {
    case 'text':
    case 'hyperlink':
    case 'roomLink':
      return p.text;
    case 'emoticon':
      return p.text ?? `(${p.emoticon.toLowerCase()})`;
    case 'fileLink':
      return `${p.fileName} (${describeSize(p.sizeEstimate)}) ${p.fileUri}`;
  }
}

/**
 * The size of the whole message in UTF-8 bytes (PC-07): its text, story title, RTF, and what its parts
 * carry beyond the text they show (link targets, room URIs, emoticon names). A part's shown text is
 * counted once, in the text, because the text is derived from the parts.
 */
export function messageBytes(m: NewMessage): number {
  let n = utf8Length(m.text) + utf8Length(m.storyTitle ?? '') + utf8Length(m.rtf ?? '');
  for (const p of m.parts ?? []) {
    if (p.type === 'hyperlink') n += utf8Length(p.url);
    else if (p.type === 'roomLink') n += utf8Length(p.roomUri);
    else if (p.type === 'emoticon') n += utf8Length(p.emoticon);
  }
  return n;
}

/**
 * Checks a message's shape and size; returns it valid. A message with parts gets its text derived from
 * them, so the text plain clients read and the parts formatting clients render cannot disagree (PC-06).
 */
export function validateMessage(input: NewMessage, limits: Limits): NewMessage {
  const m =
    input.parts !== null && input.parts !== undefined && input.parts.length > 0
      ? { ...input, text: input.parts.map(partText).join('') }
      : input;
  if (!(KINDS as readonly string[]).includes(m.kind)) {
    throw new DomainError(
      'MsgNotSupported',
      `Message kind '${String(m.kind)}' is not supported: send plain, alert or story.`,
    );
  }
  if (typeof m.text !== 'string' || m.text.trim() === '') {
    throw new DomainError(
      'InvalidArgument',
      'The message text is empty. Type something before sending (a story needs a body too).',
    );
  }
  for (const p of m.parts ?? []) checkPart(p);
  if (m.kind === 'story') {
    if (!m.storyTitle || m.storyTitle.trim() === '')
      throw new DomainError('InvalidArgument', 'A story needs a title. Add a title or send a plain message.');
    const title = utf8Length(m.storyTitle);
    if (title > limits.messageSizeLimit) throw tooBig('story title', title, limits.messageSizeLimit);
    const whole = messageBytes(m);
    if (whole > limits.storySizeLimit) throw tooBig('story', whole, limits.storySizeLimit);
  } else {
    if (m.storyTitle !== null && m.storyTitle !== undefined && m.storyTitle !== '') {
      throw new DomainError(
        'InvalidArgument',
        'Only stories have a title. Send it as a story, or drop the title.',
      );
    }
    const whole = messageBytes(m);
    if (whole > limits.messageSizeLimit) throw tooBig('message', whole, limits.messageSizeLimit);
  }
  return m;
}

function checkPart(p: MessagePart): void {
  if (p.type === 'emoticon' && !(EMOTICONS as readonly string[]).includes(p.emoticon)) {
    throw new DomainError(
      'InvalidArgument',
      `Unknown emoticon '${String(p.emoticon)}': use one of ${EMOTICONS.join(', ')}.`,
    );
  }
  if (p.type === 'hyperlink' && !isWebLink(p.url)) {
    throw new DomainError(
      'InvalidArgument',
      `The link "${p.text}" does not point to a web page or an address: links may start with ${LINK_SCHEMES.map((s) => `${s}:`).join(', ')} only.`,
    );
  }
}

/** True for an absolute link whose scheme is one of LINK_SCHEMES (never javascript:, data:, file:, ...). */
export function isWebLink(url: string): boolean {
  // A scheme is letters, digits, + - . after a letter (RFC 3986 §3.1); compared case-insensitively.
  // Leading blanks and control characters would let a browser read past the check, so none are allowed.
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(url);
  // eslint-disable-next-line no-control-regex
  if (!m || /[\u0000-\u0020\u007f]/.test(url)) return false;
  return (LINK_SCHEMES as readonly string[]).includes((m[1] as string).toLowerCase());
}

function tooBig(what: string, size: number, limit: number): DomainError {
  return new DomainError(
    'LimitExceeded',
    `The ${what} is ${size} bytes, counting its formatting, title and links; this server accepts at most ${limit}. Shorten it${what === 'message' ? ' or send it as a story' : ''}.`,
    { size, limit },
  );
}

/**
 * Everything a post needs before the store appends it: the actor may post (room.post: membership,
 * auditorium presenters, disabled room), the author is the actor, and the message is valid.
 */
export function preparePost(
  actor: Actor,
  room: Room,
  category: Category,
  m: NewMessage,
  limits: Limits,
): NewMessage {
  // A message carrying a file link needs file posting too (PC-15); can() decides both.
  assertCan(actor, m.parts?.some((p) => p.type === 'fileLink') ? 'room.postFile' : 'room.post', {
    room,
    category,
  });
  if (m.roomId !== room.id)
    throw new DomainError(
      'InvalidArgument',
      `The message names room ${m.roomId} but is posted to ${room.uri}.`,
    );
  if (m.author.toLowerCase() !== actor.uri) {
    throw new DomainError(
      'ErrorPermission',
      `${actor.uri} cannot post as ${m.author}: the author of a message is the user who sends it.`,
    );
  }
  return validateMessage({ ...m, author: actor.uri }, limits);
}
