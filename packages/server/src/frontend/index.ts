// The SIP front end's public surface: what the composition root uses.
export type {
  FrontendConnection,
  ConnectionIdentity,
  RequestIdentity,
  TrustedPeer,
  OwnerKind,
  AuthMethod,
  PeerCertificateInfo,
  SipTransportName,
} from './connection.js';
export type {
  ChatServiceRouter,
  ChatInviteContext,
  ChatDialogContext,
  ChatAnswer,
  ChatInviteAnswer,
  ChatDialogData,
  DialogSession,
  ChatTarget,
  ChatTargetKind,
} from './routing/chat-router.js';
export { UnavailableChatRouter } from './routing/chat-router.js';
export { ChatSipRouter, type ChatSipRouterOptions } from './routing/chat-sessions.js';
export type { AuthScheme, AuthOutcome, AuthRequestContext } from '../auth/scheme.js';
export { mapErrorToSip, msDiagnostics, refuse, DIAG, type SipRefusal } from '../errors/sip.js';
export { Frontend } from './frontend.js';
export { startFrontend, buildSchemes, type FrontendDeps, type RunningFrontend } from './start.js';
export type { Binding } from './registrar/bindings.js';
