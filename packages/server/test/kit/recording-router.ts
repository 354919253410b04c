// A chat router for tests: accepts every INVITE with 200 and records what the front end handed over.
import type {
  ChatAnswer,
  ChatDialogContext,
  ChatDialogData,
  ChatInviteContext,
  ChatServiceRouter,
} from '../../src/frontend/routing/chat-router.js';

export class RecordingRouter implements ChatServiceRouter {
  readonly invites: ChatInviteContext[] = [];
  readonly dialogRequests: ChatDialogContext[] = [];
  /** Dialogs that ended, with why (BYE, connection closed, ...). */
  readonly ended: Array<{ data: ChatDialogData; reason: string }> = [];
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
  onDialogEnded(data: ChatDialogData, _dialog: unknown, reason: string): void {
    this.ended.push({ data, reason });
  }
}
