// The shape of one row of the command table (docs/architecture.md, house rule 2): each XCCOS command declares
// its preconditions, and the runner (runner.ts) enforces them before the handler runs.
import type { Category, CategoryAction, RoomAction } from '@pchat/domain';
import type { XccosCommand, XccosCommandType, XccosReply } from '@pchat/protocol';
import type { ChatContext } from '../context.js';
import type { RoomTarget } from '../rooms.js';
import type { ChatSession, DialogKind } from '../session.js';

export interface CommandCall {
  ctx: ChatContext;
  session: ChatSession;
  /** The client's envid, echoed in `<commandid>`. */
  envid: string;
  /** Set when the spec names a room: resolved, and checked against `action` and `joined`. */
  target?: RoomTarget;
  /** Set when the spec names a category: resolved, and checked against `categoryAction`. */
  category?: Category;
}

/** What a handler gives back: the reply (if any) and what to do right after it was queued. */
export interface Outcome {
  reply?: XccosReply;
  after?: () => void;
}

/**
 * A handler returns an Outcome, or a function that builds it: the runner calls that function and queues the
 * reply in the same turn, so a join's roster and the join itself happen atomically with the reply (no
 * broadcast can slip between them).
 */
export type HandlerResult = Outcome | (() => Outcome);

export type CommandOf<T extends XccosCommandType> = Extract<XccosCommand, { type: T }>;

export interface CommandSpec<T extends XccosCommandType> {
  /** 'chat': only in an established chat dialog; 'any': also in the ocschat lookup dialog. */
  dialog: DialogKind | 'any';
  /** Arguments the codec cannot judge (ranges, emptiness): an error message when bad. */
  args?: (cmd: CommandOf<T>) => string | undefined;
  /**
   * The room the command acts on: resolved by URI (unknown or foreign → NoSuchNode). Undefined when this
   * command names a category instead (see `category`).
   */
  room?: (cmd: CommandOf<T>) => string | undefined;
  /** The can() action required on that room (PC-03, PC-05, PC-09, PC-14). */
  action?: RoomAction;
  /** The session must have joined the room (UserNotJoined otherwise). */
  joined?: boolean;
  /** The category the command acts on (a room is created in it): resolved by URI (unknown or foreign → NoSuchNode). */
  category?: (cmd: CommandOf<T>) => string | undefined;
  /** The can() action required on that category (PC-33: 'category.createRoom'). */
  categoryAction?: CategoryAction;
  handle(call: CommandCall, cmd: CommandOf<T>): Promise<HandlerResult>;
}

export type CommandTable = { [T in XccosCommandType]?: CommandSpec<T> };
