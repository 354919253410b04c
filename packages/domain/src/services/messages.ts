// Posting validation (PC-02, PC-06, PC-07, PC-15): who may post, what a message may look like.
import { DomainError } from '../errors.js';
import type { Actor } from '../model/principal.js';
import type { MessagePart, NewMessage } from '../model/message.js';
import { EMOTICONS } from '../model/message.js';
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

/** Checks a message's shape and size; returns it unchanged when valid. */
export function validateMessage(m: NewMessage, limits: Limits): NewMessage {
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
  if (m.kind === 'story') {
    if (!m.storyTitle || m.storyTitle.trim() === '')
      throw new DomainError('InvalidArgument', 'A story needs a title. Add a title or send a plain message.');
    const body = utf8Length(m.text);
    if (body > limits.storySizeLimit) throw tooBig('story body', body, limits.storySizeLimit);
    const title = utf8Length(m.storyTitle);
    if (title > limits.messageSizeLimit) throw tooBig('story title', title, limits.messageSizeLimit);
  } else {
    if (m.storyTitle !== null && m.storyTitle !== undefined && m.storyTitle !== '') {
      throw new DomainError(
        'InvalidArgument',
        'Only stories have a title. Send it as a story, or drop the title.',
      );
    }
    const n = utf8Length(m.text);
    if (n > limits.messageSizeLimit) throw tooBig('message', n, limits.messageSizeLimit);
  }
  if (m.rtf !== null && m.rtf !== undefined && utf8Length(m.rtf) > limits.storySizeLimit)
    throw tooBig('RTF body', utf8Length(m.rtf), limits.storySizeLimit);
  for (const p of m.parts ?? []) checkPart(p);
  return m;
}

function checkPart(p: MessagePart): void {
  if (p.type === 'emoticon' && !(EMOTICONS as readonly string[]).includes(p.emoticon)) {
    throw new DomainError(
      'InvalidArgument',
      `Unknown emoticon '${String(p.emoticon)}': use one of ${EMOTICONS.join(', ')}.`,
    );
  }
}

function tooBig(what: string, size: number, limit: number): DomainError {
  return new DomainError(
    'LimitExceeded',
    `The ${what} is ${size} bytes; this server accepts at most ${limit}. Shorten it${what === 'message' ? ' or send it as a story' : ''}.`,
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
