// A chat router for tests: accepts every INVITE with 200 and records what the front end handed over.
import type {
  ChatAnswer,
  ChatDialogContext,
  ChatInviteContext,
  ChatServiceRouter,
} from '../../../src/frontend/routing/chat-router.js';
import type { FrontendConnection } from '../../../src/frontend/connection.js';

export class RecordingRouter implements ChatServiceRouter {
  readonly invites: ChatInviteContext[] = [];
  readonly dialogRequests: ChatDialogContext[] = [];
  readonly closed: FrontendConnection[] = [];
  private waiters: Array<{
    pred: (c: ChatInviteContext) => boolean;
    resolve: (c: ChatInviteContext) => void;
  }> = [];

  /** The first INVITE (seen or still to come) that satisfies pred. */
  waitForInvite(pred: (c: ChatInviteContext) => boolean): Promise<ChatInviteContext> {
    const seen = this.invites.find(pred);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => this.waiters.push({ pred, resolve }));
  }

  async onInvite(ctx: ChatInviteContext): Promise<ChatAnswer> {
    this.invites.push(ctx);
    this.waiters = this.waiters.filter((w) => (w.pred(ctx) ? (w.resolve(ctx), false) : true));
    return { status: 200, headers: [{ name: 'Contact', value: `<${ctx.target.uri}>` }] };
  }
  async onDialogRequest(ctx: ChatDialogContext): Promise<ChatAnswer | null> {
    this.dialogRequests.push(ctx);
    return ctx.request.method === 'ACK' ? null : { status: 200 };
  }
  onConnectionClosed(conn: FrontendConnection): void {
    this.closed.push(conn);
  }
}
