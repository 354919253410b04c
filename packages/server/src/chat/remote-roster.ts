// The users joined to a room on the OTHER nodes of a pool (docs/pool.md, roster across nodes): learnt from
// presence events on the room's bus subject, from the answer to the query a runtime sends when it starts,
// and dropped when a node is lost. The runtime merges them with its own sessions for the roster (PC-13).
export interface RemoteUser {
  user: string;
  manager: boolean;
}

export class RemoteRoster {
  /** user → node → manager flag. */
  private readonly byUser = new Map<string, Map<string, boolean>>();

  has(user: string): boolean {
    return this.byUser.has(user);
  }

  get size(): number {
    return this.byUser.size;
  }

  /** The users, without their flags: counting and listing need no allocation per user. */
  names(): IterableIterator<string> {
    return this.byUser.keys();
  }

  users(): RemoteUser[] {
    const out: RemoteUser[] = [];
    for (const [user, nodes] of this.byUser) out.push({ user, manager: [...nodes.values()].some(Boolean) });
    return out;
  }

  /** Returns whether the user is new to the remote roster. */
  add(user: string, node: string, manager: boolean): boolean {
    let nodes = this.byUser.get(user);
    const fresh = nodes === undefined;
    if (!nodes) this.byUser.set(user, (nodes = new Map()));
    nodes.set(node, manager);
    return fresh;
  }

  /** Returns whether the user left the remote roster altogether. */
  remove(user: string, node: string): boolean {
    const nodes = this.byUser.get(user);
    if (!nodes?.delete(node)) return false;
    if (nodes.size > 0) return false;
    this.byUser.delete(user);
    return true;
  }

  /** Forgets a lost node; returns the users that were only there. */
  dropNode(node: string): string[] {
    const gone: string[] = [];
    for (const user of [...this.byUser.keys()]) if (this.remove(user, node)) gone.push(user);
    return gone;
  }
}
