// bccontext (PC-09: last N up to DefaultChatHistory, paging back by message id) and history search
// (PC-10, `cmd:pchat-searchhist`). History-off rooms (PC-16) have nothing to give.
import {
  assertHistoryQueryBounded,
  DomainError,
  isDomainError,
  prepareHistoryQuery,
  type ChatMessage,
  type HistoryQuery as DomainQuery,
} from '@pchat/domain';
import { okReply, type HistoryQuery, type HistoryRoomResult } from '@pchat/protocol';
import { toWireMessage } from '../convert.js';
import type { RoomTarget } from '../rooms.js';
import { HISTORY_PAGE_BYTES, newestWithin, searchPage } from '../history-pages.js';
import type { CommandSpec } from './spec.js';

const MESSAGE_ID = /^\d{1,15}$/;

export const bccontext: CommandSpec<'bccontext'> = {
  dialog: 'chat',
  args: (cmd) =>
    cmd.count < 0
      ? 'The history count (<last cnt>) cannot be negative.'
      : cmd.beforeMessageId !== undefined && !MESSAGE_ID.test(cmd.beforeMessageId)
        ? `"${cmd.beforeMessageId}" is not a message id.`
        : undefined,
  room: (cmd) => cmd.uri,
  action: 'room.readHistory', // no join needed: the SDK pages history of rooms it reads (PC-09)
  handle: async ({ ctx, session, envid, target }, cmd) => {
    const { room, category } = target as RoomTarget;
    const n = Math.min(cmd.count, ctx.config.defaultChatHistory);
    let messages: ChatMessage[] = [];
    if (category.chatHistory && n > 0) {
      messages =
        cmd.beforeMessageId === undefined
          ? await ctx.store.messages.last(room.id, n)
          : await ctx.store.messages.before(room.id, Number(cmd.beforeMessageId), n);
      // Paged by bytes too: the client asks again with before= the oldest id it got.
      messages = newestWithin(messages, room.uri);
    }
    // PC-71: a history view is recorded (BACKCHAT), also when the category keeps no history.
    await ctx.compliance.record('BACKCHAT', room, session.uri, '', {
      details: {
        count: messages.length,
        ...(cmd.beforeMessageId ? { before: Number(cmd.beforeMessageId) } : {}),
      },
    });
    return {
      reply: okReply('bccontext', envid, {
        uri: room.uri,
        messages: messages.map((m) => toWireMessage(m, room.uri)),
      }),
    };
  },
};

export const searchhist: CommandSpec<'pchat-searchhist'> = {
  dialog: 'chat',
  args: (cmd) =>
    cmd.query.rooms.length === 0
      ? 'A history search names at least one room (<chanib>).'
      : cmd.query.startMessageId !== undefined && !MESSAGE_ID.test(cmd.query.startMessageId)
        ? `"${cmd.query.startMessageId}" is not a message id.`
        : undefined,
  handle: async ({ ctx, session, envid }, cmd) => {
    const q = cmd.query;
    // Bounds first, before any room is looked up: the cost of a search is known from its text (PC-10).
    assertHistoryQueryBounded(
      toDomainQuery(
        q,
        q.rooms.map((u) => u.toLowerCase()),
        ctx.config.searchLimit,
      ),
    );
    const byId = new Map<string, string>(); // room id → uri as the client wrote it
    const several = new Set(q.rooms.map((u) => u.toLowerCase())).size > 1;
    for (const uri of q.rooms) {
      try {
        byId.set((await ctx.rooms.resolve(uri)).room.id, uri);
      } catch (e) {
        // Across several rooms an unknown one is left out like one the user may not read (PC-10): the
        // answer must not tell which rooms exist. prepareHistoryQuery decides the rooms that do.
        if (several && isDomainError(e, 'NoSuchNode')) continue;
        throw e;
      }
    }
    if (byId.size === 0) return { reply: okReply('pchat-searchhist', envid, { results: [] }) };
    const { query } = await prepareHistoryQuery(
      ctx.deps,
      session.actor,
      toDomainQuery(q, [...byId.keys()], ctx.config.searchLimit),
    );
    if (query.roomIds.length === 0) return { reply: okReply('pchat-searchhist', envid, { results: [] }) };
    const results: HistoryRoomResult[] = [];
    let left = HISTORY_PAGE_BYTES;
    for (const r of await ctx.store.messages.search(query)) {
      const { room } = await ctx.rooms.resolve(byId.get(r.roomId) ?? '');
      // One byte budget for the whole reply; a room cut short says so (exceeded) and is continued
      // from its last message like a room over the result limit (PC-10).
      const page = searchPage(
        r.messages,
        room.uri,
        query.searchOrderReversed,
        left,
        left === HISTORY_PAGE_BYTES,
      );
      left = Math.max(0, left - page.used);
      results.push({
        uri: room.uri,
        name: room.name,
        total: r.totalCount,
        exceeded: r.exceededLimit || page.cut,
        messages: page.messages.map((m) => toWireMessage(m, room.uri)),
      });
    }
    return { reply: okReply('pchat-searchhist', envid, { results }) };
  },
};

function toDomainQuery(q: HistoryQuery, roomIds: string[], searchLimit: number): DomainQuery {
  if (q.limit !== undefined && q.limit < 1)
    throw new DomainError('InvalidArgument', 'The result limit must be at least 1.');
  return {
    roomIds,
    searchString: q.terms ?? '',
    matchExactPhrase: q.exactPhrase ?? false,
    matchCaseSensitive: q.caseSensitive ?? false,
    matchAll: true,
    authors: (q.authors ?? []).map((a) => a.toLowerCase()),
    dateBeginning: q.from?.getTime() ?? null,
    dateEnding: q.to?.getTime() ?? null,
    startingMessageId: q.startMessageId === undefined ? null : Number(q.startMessageId),
    searchOrderReversed: q.searchReversed ?? false,
    sortOrderReversed: q.sortReversed ?? false,
    resultLimit: q.limit ?? searchLimit,
  };
}
