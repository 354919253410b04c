// The one command runner: decode → table row → preconditions → handler → reply. Every failure, including
// bad XML and unknown commands, becomes a correlated error reply (`rpl:<cmd>` with the client's envid)
// through the one XCCOS error mapper; the session and its rooms carry on.
import { assertCan, DomainError } from '@pchat/domain';
import {
  commandId,
  decodeCommandEnvelope,
  encodeErrorReplyEnvelope,
  encodeReply,
  isXccosError,
  type XccosCommand,
  type XccosCommandType,
} from '@pchat/protocol';
import type { ChatContext } from '../context.js';
import type { ChatSession } from '../session.js';
import { mapErrorToResp } from '../../errors/xccos.js';
import type { CommandCall, CommandSpec, CommandTable, HandlerResult } from './spec.js';

export async function runCommand(
  ctx: ChatContext,
  table: CommandTable,
  session: ChatSession,
  body: string,
  /** Refuse the command with this error once its envid and id are read (a full queue). */
  refusal?: unknown,
): Promise<void> {
  let envid: string | undefined;
  let id: string | undefined;
  try {
    const decoded = decodeCommandEnvelope(body);
    envid = decoded.envid;
    const cmd = decoded.command;
    id = commandId(cmd.type);
    if (refusal !== undefined) throw refusal;
    ctx.limiter.admit(session.uri, session.identity.connectionId, cmd.type === 'grpchat', body.length);
    const spec = table[cmd.type] as CommandSpec<XccosCommandType> | undefined;
    if (!spec) {
      throw new DomainError('MsgNotSupported', `${id} is not served by the chat service of this server.`, {
        command: id,
      });
    }
    const call = await checkPreconditions(ctx, spec, session, envid, cmd, id);
    const result: HandlerResult = await spec.handle(call, cmd as never);
    if (session.closed) return;
    const outcome = typeof result === 'function' ? result() : result;
    if (outcome.reply) session.send(encodeReply(outcome.reply));
    outcome.after?.();
    ctx.metrics.command(cmd.type);
  } catch (e) {
    if (session.closed) return;
    if (isXccosError(e)) {
      envid ??= e.envid;
      id ??= e.commandId;
    }
    const { code, text } = mapErrorToResp(e, ctx.log, { session: session.id, command: id });
    ctx.metrics.refused(text.slice(0, Math.max(0, text.indexOf(':'))) || 'Unknown');
    // A body too broken to name its command is answered as `rpl:error`, still with the envid if it was read.
    const reply = {
      commandId: id ?? 'cmd:error',
      code,
      text,
      ...(envid === undefined ? {} : { commandEnvid: envid }),
    };
    session.sendEnvelope(encodeErrorReplyEnvelope(ctx.nextEnvid(), reply));
  }
}

async function checkPreconditions(
  ctx: ChatContext,
  spec: CommandSpec<XccosCommandType>,
  session: ChatSession,
  envid: string,
  cmd: XccosCommand,
  id: string,
): Promise<CommandCall> {
  if (spec.dialog !== 'any' && spec.dialog !== session.dialog) {
    throw new DomainError(
      'InvalidFlowOfOperations',
      session.dialog === 'lookup'
        ? `${id} needs the chat server dialog: send cmd:requri here, then INVITE the URI it returns.`
        : `${id} belongs to the lookup dialog, not this one.`,
    );
  }
  const bad = spec.args?.(cmd as never);
  if (bad !== undefined) throw new DomainError('InvalidArgument', bad, { command: id });
  const call: CommandCall = { ctx, session, envid };
  const roomUri = spec.room?.(cmd as never);
  if (roomUri !== undefined) {
    const target = await ctx.rooms.resolve(roomUri);
    if (spec.action) assertCan(session.actor, spec.action, target);
    if (spec.joined && !session.joined.has(target.room.id)) {
      throw new DomainError(
        'UserNotJoined',
        `You have not joined chat room '${target.room.name}'. Join it first (cmd:join).`,
        { uri: target.room.uri },
      );
    }
    call.target = target;
  }
  const categoryUri = spec.category?.(cmd as never);
  if (categoryUri !== undefined) {
    const category = await ctx.rooms.resolveCategory(categoryUri);
    if (spec.categoryAction) assertCan(session.actor, spec.categoryAction, { category });
    call.category = category;
  }
  return call;
}
