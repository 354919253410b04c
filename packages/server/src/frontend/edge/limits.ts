// Per-connection limits of the front end's listeners: what one peer can make the node hold.
export interface ConnectionLimits {
  /** A connection that completes no message for this long is closed (slow/silent peers). */
  idleTimeoutSeconds: number;
  /** Connections a node accepts in total; more are closed at once. */
  maxConnections: number;
  /** Connections from one remote address; more are closed at once (floods), after evicting one not signed in. */
  maxConnectionsPerAddress: number;
  /** A connection that has not signed in this long after opening is closed, keep-alives or not; null: idleTimeoutSeconds. */
  signInTimeoutSeconds: number | null;
  /** Connections from one remote address that have not signed in; one more evicts the oldest of them (null: maxConnectionsPerAddress). */
  maxUnauthenticatedPerAddress: number | null;
  /** Largest body accepted; larger messages get 413 and the connection is closed (framing cannot resume). */
  maxBodyBytes: number;
  /** Largest header section; longer ones get 513 and the connection is closed. */
  maxHeaderBytes: number;
}
