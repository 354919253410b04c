// Dialogs the chat service accepted (RFC 3261 §12.2.2: matched by Call-ID, local tag and remote tag),
// so that in-dialog requests reach it; dropped on BYE and when their connection closes.
import type { ChatDialog } from './chat-router.js';

export class DialogTable {
  private readonly dialogs = new Map<string, ChatDialog>();

  private static key(callId: string, localTag: string, remoteTag: string): string {
    return `${callId}\n${localTag}\n${remoteTag}`;
  }

  add(d: ChatDialog): void {
    this.dialogs.set(DialogTable.key(d.callId, d.localTag, d.remoteTag), d);
  }

  find(callId: string, localTag: string, remoteTag: string): ChatDialog | undefined {
    return this.dialogs.get(DialogTable.key(callId, localTag, remoteTag));
  }

  remove(d: ChatDialog): void {
    this.dialogs.delete(DialogTable.key(d.callId, d.localTag, d.remoteTag));
  }

  removeConnection(connectionId: string): number {
    let n = 0;
    for (const [k, d] of this.dialogs)
      if (d.connectionId === connectionId) {
        this.dialogs.delete(k);
        n++;
      }
    return n;
  }

  get size(): number {
    return this.dialogs.size;
  }
}
