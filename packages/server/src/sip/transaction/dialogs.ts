// The one place a dialog lives (RFC 3261 §12). A dialog is matched by Call-ID + local tag + remote tag
// (§12.2.2) AND the connection it was created on: pchat's connections are authenticated (MS-SIPAE §3.1, a
// security association per connection), so a request on another connection that carries a dialog's
// identifiers is not part of that dialog, whatever it claims. Everything the layers above keep about a
// dialog (the chat session) hangs in `SipDialog.data`; every way a dialog ends goes through terminate().
import { dialogId, type SipDialog } from './dialog.js';

export type DialogListener = (dialog: SipDialog, reason: string) => void;

export class DialogTable {
  private readonly byId = new Map<string, SipDialog>();
  private readonly byConnection = new Map<string, Set<SipDialog>>();
  private readonly listeners: DialogListener[] = [];

  /** `listener` hears of every dialog that ends (BYE, its connection closing, the layer above ending it). */
  onTerminated(listener: DialogListener): void {
    this.listeners.push(listener);
  }

  add(d: SipDialog): void {
    this.byId.set(d.id, d);
    const conn = d.connection.identity.id;
    let set = this.byConnection.get(conn);
    if (!set) this.byConnection.set(conn, (set = new Set()));
    set.add(d);
  }

  get(id: string): SipDialog | undefined {
    return this.byId.get(id);
  }

  /**
   * The dialog a request on `connectionId` belongs to, or undefined: unknown identifiers and a known dialog
   * owned by another connection look the same to the caller (481), so nothing tells a prober which is which.
   */
  match(connectionId: string, callId: string, localTag: string, remoteTag: string): SipDialog | undefined {
    const d = this.byId.get(dialogId(callId, localTag, remoteTag));
    return d !== undefined && d.connection.identity.id === connectionId ? d : undefined;
  }

  /** Ends a dialog once; the listeners run after it is gone from the table. */
  terminate(d: SipDialog, reason: string): void {
    if (d.state === 'terminated') return;
    d.state = 'terminated';
    if (this.byId.get(d.id) === d) this.byId.delete(d.id);
    const conn = d.connection.identity.id;
    const set = this.byConnection.get(conn);
    if (set) {
      set.delete(d);
      if (set.size === 0) this.byConnection.delete(conn);
    }
    for (const l of this.listeners) l(d, reason);
  }

  /** Ends every dialog of a connection (it closed). */
  terminateConnection(connectionId: string, reason: string): void {
    const set = this.byConnection.get(connectionId);
    if (!set) return;
    for (const d of [...set]) this.terminate(d, reason);
  }

  values(): IterableIterator<SipDialog> {
    return this.byId.values();
  }

  get size(): number {
    return this.byId.size;
  }
}
