// What every front-end handler receives: the node's services and settings, nothing that writes to a
// socket (handlers return responses; docs/architecture.md, house rule 3).
import type { Logger } from 'pino';
import type { Store } from '@pchat/domain';
import type { DialogTable } from '../sip/transaction/index.js';
import type { AuthScheme } from '../auth/scheme.js';
import type { FailureThrottle } from '../auth/throttle.js';
import type { WebSessions } from '../auth/web-session/sessions.js';
import type { BindingTable } from './registrar/bindings.js';
import type { ChatServiceRouter } from './routing/chat-router.js';
import type { PresenceHub } from '../presence/hub.js';

export interface RegistrarSettings {
  /** Shorter requested expiries are refused with 423 + Min-Expires (RFC 3261 §10.3 step 7). */
  minExpires: number;
  /** Longer requested expiries are cut to this. */
  maxExpires: number;
  /** When neither the Contact `expires` parameter nor the Expires header says. */
  defaultExpires: number;
  /** Offered in `ms-keep-alive` (seconds) when the client asks for keep-alives; 0 = not offered. */
  keepAliveSeconds: number;
}

export interface FrontendContext {
  store: Store;
  logger: Logger;
  /** This node's FQDN: the `source` of every ms-diagnostics. */
  fqdn: string;
  realm: string;
  /** SIP domains this deployment serves (for the legacy `sip:ocschat@<domain>` lookup). */
  domains: readonly string[];
  schemes: readonly AuthScheme[];
  throttle: FailureThrottle;
  registrar: RegistrarSettings;
  bindings: BindingTable;
  /** The one table of SIP dialogs (shared with the SIP layer): each dialog knows its connection. */
  dialogs: DialogTable;
  chat: ChatServiceRouter;
  /** Presence and roaming contacts: subscriptions, publications, contact list edits (docs/presence.md). */
  presence: PresenceHub;
  now: () => number;
  /**
   * Which CA the SIP TLS listener trusts for trusted applications' client certificates, in words for the
   * refusal of an untrusted one (PC-87): tls.caFile, the development CA, or none.
   */
  trustedCa?: string;
  /** Binds a browser's fresh session token at its first password sign-in (docs/web.md); absent, none. */
  webSessions?: WebSessions;
}
