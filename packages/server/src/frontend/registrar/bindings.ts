// The registrar's location service (RFC 3261 §10.3), kept in memory per node: a registration lives with
// its connection (connection-oriented, like Lync), so it is dropped when the connection closes and when
// it expires. Several endpoints per user, told apart by `+sip.instance` (RFC 5626 §4.1), else the
// Microsoft `epid` From parameter, else the Contact URI.
import type { OwnerKind } from '../connection.js';

export interface Binding {
  /** Address-of-record, lower-cased. */
  aor: string;
  /** Endpoint key: `instance:<urn>`, `epid:<id>` or `contact:<uri>`. */
  key: string;
  /** The Contact URI as registered. */
  contactUri: string;
  /** `+sip.instance` value without quotes, e.g. `<urn:uuid:...>`, or null. */
  instance: string | null;
  epid: string | null;
  /** Public GRUU (RFC 5627 §3.1) when the endpoint has an instance id, else null. */
  gruu: string | null;
  connectionId: string;
  /** Epoch ms. */
  expiresAt: number;
  callId: string;
  cseq: number;
  /** Who owns the endpoint: the chat service refuses contact-owned endpoints at once (PC-82). */
  ownerKind: OwnerKind;
  /** Registered by a trusted application for this AOR (application endpoint). */
  trustedApplication: string | null;
  userAgent: string | null;
}

export class BindingTable {
  private readonly byAor = new Map<string, Map<string, Binding>>();
  private readonly removedListeners: Array<(b: Binding) => void> = [];
  constructor(private readonly now: () => number = Date.now) {}

  /** `listener` hears of every binding that goes (un-REGISTER, expiry, its connection closing). */
  onRemoved(listener: (b: Binding) => void): void {
    this.removedListeners.push(listener);
  }

  private removed(b: Binding): void {
    for (const l of this.removedListeners) l(b);
  }

  /** Live bindings of an AOR (expired ones are dropped on the way). */
  list(aor: string): Binding[] {
    const m = this.byAor.get(aor);
    if (!m) return [];
    const t = this.now();
    const gone: Binding[] = [];
    for (const [k, b] of m)
      if (b.expiresAt <= t) {
        m.delete(k);
        gone.push(b);
      }
    if (m.size === 0) this.byAor.delete(aor);
    for (const b of gone) this.removed(b);
    return [...m.values()];
  }

  get(aor: string, key: string): Binding | undefined {
    return this.list(aor).find((b) => b.key === key);
  }

  put(b: Binding): void {
    let m = this.byAor.get(b.aor);
    if (!m) this.byAor.set(b.aor, (m = new Map()));
    m.set(b.key, b);
  }

  remove(aor: string, key: string): boolean {
    const m = this.byAor.get(aor);
    const b = m?.get(key);
    if (m === undefined || b === undefined) return false;
    m.delete(key);
    if (m.size === 0) this.byAor.delete(aor);
    this.removed(b);
    return true;
  }

  removeAll(aor: string): number {
    const m = this.byAor.get(aor);
    this.byAor.delete(aor);
    for (const b of m?.values() ?? []) this.removed(b);
    return m?.size ?? 0;
  }

  /** Drops every binding registered over a connection (it closed). Returns the bindings removed. */
  removeConnection(connectionId: string): Binding[] {
    const out: Binding[] = [];
    for (const [aor, m] of this.byAor) {
      for (const [k, b] of m)
        if (b.connectionId === connectionId) {
          m.delete(k);
          out.push(b);
        }
      if (m.size === 0) this.byAor.delete(aor);
    }
    for (const b of out) this.removed(b);
    return out;
  }

  /** Drops expired bindings everywhere (run periodically). */
  sweep(): number {
    const t = this.now();
    const gone: Binding[] = [];
    for (const [aor, m] of this.byAor) {
      for (const [k, b] of m)
        if (b.expiresAt <= t) {
          m.delete(k);
          gone.push(b);
        }
      if (m.size === 0) this.byAor.delete(aor);
    }
    for (const b of gone) this.removed(b);
    return gone.length;
  }

  /** True when a live (unexpired) binding was registered over this connection. */
  hasConnection(connectionId: string): boolean {
    const t = this.now();
    for (const m of this.byAor.values())
      for (const b of m.values()) if (b.connectionId === connectionId && b.expiresAt > t) return true;
    return false;
  }

  /** Finds the binding a GRUU names (RFC 5627 §5.1), for routing. */
  findByGruu(gruu: string): Binding | undefined {
    const g = gruu.toLowerCase();
    for (const aor of this.byAor.keys())
      for (const b of this.list(aor)) if (b.gruu?.toLowerCase() === g) return b;
    return undefined;
  }

  get size(): number {
    let n = 0;
    for (const m of this.byAor.values()) n += m.size;
    return n;
  }
}
