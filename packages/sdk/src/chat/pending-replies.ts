// The commands and posts sent on the chat dialog that await their answer, correlated by envelope id
// (MS-XCCOSIP commandid envid); a post is confirmed by its echo (PC-02). Each waits at most timeoutMs.
import type { ChatMessage as WireMessage, XccosReply } from '@pchat/protocol';
import { PersistentChatError } from '../errors.js';
import { commandError } from './command-errors.js';

interface PendingCommand {
  operation: string;
  resolve: (data: unknown) => void;
  reject: (e: PersistentChatError) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface PendingPost {
  uri: string;
  text: string;
  /** An edit or deletion: confirmed by the server's grpchat that names the same message. */
  replaces: string | undefined;
  envid: string;
  resolve: (m: WireMessage) => void;
  reject: (e: PersistentChatError) => void;
  timer: ReturnType<typeof setTimeout>;
}

export class PendingReplies {
  private readonly commands = new Map<string, PendingCommand>();
  private readonly posts: PendingPost[] = [];

  constructor(private readonly timeoutMs: number) {}

  /** Awaits the reply to the command sent as `envid`; rejects with OperationTimeout after timeoutMs. */
  command<T>(envid: string, operation: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.commands.delete(envid);
        reject(
          new PersistentChatError(
            'OperationTimeout',
            `${operation}: no reply from the chat server within ${this.timeoutMs} ms.`,
            { operation },
          ),
        );
      }, this.timeoutMs);
      this.commands.set(envid, { operation, resolve: resolve as (d: unknown) => void, reject, timer });
    });
  }

  /** Stops waiting for the command or post sent as `envid` (it could not be sent). */
  forget(envid: string): void {
    const p = this.commands.get(envid);
    if (p) {
      clearTimeout(p.timer);
      this.commands.delete(envid);
    }
    const i = this.posts.findIndex((x) => x.envid === envid);
    if (i >= 0) clearTimeout(this.posts.splice(i, 1)[0]!.timer);
  }

  /** Awaits the echo of the message posted as `envid`; rejects with OperationTimeout after timeoutMs. */
  post(envid: string, message: WireMessage): Promise<WireMessage> {
    return new Promise<WireMessage>((resolve, reject) => {
      const p: PendingPost = {
        uri: message.chanUri.toLowerCase(),
        // The server derives the text of a message with parts from the parts (PC-06): the echo carries that.
        text:
          message.parts && message.parts.length > 0
            ? message.parts.map((x) => x.text).join('')
            : message.text,
        replaces: message.replaces,
        envid,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.posts.splice(this.posts.indexOf(p), 1);
          reject(
            new PersistentChatError(
              'OperationTimeout',
              `grpchat: the chat server did not confirm the post within ${this.timeoutMs} ms.`,
              { operation: 'grpchat' },
            ),
          );
        }, this.timeoutMs),
      };
      this.posts.push(p);
    });
  }

  /** Settles the command a reply answers; false when the reply answers none of ours. */
  reply(r: XccosReply): boolean {
    const p = r.commandEnvid !== undefined ? this.commands.get(r.commandEnvid) : undefined;
    if (!p) return false;
    this.commands.delete(r.commandEnvid!);
    clearTimeout(p.timer);
    if (r.code === 200) p.resolve(r.data ?? {});
    else p.reject(commandError(r.code, r.text, p.operation));
    return true;
  }

  /** An error reply the codec does not type (rpl:grpchat, rpl:error): rejects the post or command sent as `envid`. */
  refused(envid: string, code: number, text: string): void {
    const post = this.posts.find((x) => x.envid === envid);
    if (post) {
      this.posts.splice(this.posts.indexOf(post), 1);
      clearTimeout(post.timer);
      post.reject(commandError(code, text, 'grpchat'));
      return;
    }
    const p = this.commands.get(envid);
    if (p) {
      this.commands.delete(envid);
      clearTimeout(p.timer);
      p.reject(commandError(code, text, p.operation));
    }
  }

  /** Our own message came back: it confirms the oldest pending post of the same text to the same room. */
  echoed(m: WireMessage): void {
    const i = this.posts.findIndex(
      (p) =>
        p.uri === m.chanUri.toLowerCase() &&
        (p.replaces !== undefined
          ? p.replaces === m.replaces
          : m.replaces === undefined && p.text === m.text),
    );
    if (i < 0) return;
    const p = this.posts.splice(i, 1)[0]!;
    clearTimeout(p.timer);
    p.resolve(m);
  }

  /** Rejects everything still waiting. */
  failAll(e: PersistentChatError): void {
    for (const [, p] of this.commands) {
      clearTimeout(p.timer);
      p.reject(e);
    }
    this.commands.clear();
    for (const p of this.posts.splice(0)) {
      clearTimeout(p.timer);
      p.reject(e);
    }
  }
}
