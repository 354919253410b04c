// The SIP front end's public surface: what the composition root and the chat service use.
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
  ChatDialog,
  ChatTarget,
  ChatTargetKind,
} from './routing/chat-router.js';
export { UnavailableChatRouter } from './routing/chat-router.js';
export type { AuthScheme, AuthOutcome, AuthRequestContext } from './auth/scheme.js';
export { mapErrorToSip, msDiagnostics, refuse, DIAG, type SipRefusal } from './diagnostics.js';
export { Frontend } from './frontend.js';
export { startFrontend, buildSchemes, type FrontendDeps, type RunningFrontend } from './start.js';
export type { Binding } from './registrar/bindings.js';
