// @pchat/sdk — the Persistent Chat SDK concepts (UCMA + Persistent Chat SDK) in idiomatic TypeScript:
// promises and typed events instead of Begin/End. Browser-safe: TCP/TLS live in `@pchat/sdk/node`.
export {
  PersistentChatError,
  isPersistentChatError,
  isPersistentChatErrorCode,
  PC88_CODES,
  PCHAT_CODES,
  SDK_CODES,
} from './errors.js';
export type { PersistentChatErrorCode, PersistentChatErrorDetails } from './errors.js';
export { TypedEventTarget, PchatEvent } from './events.js';
export type { Listener } from './events.js';

export type { SipTransport, SipTransportFactory, SipTransportName } from './sip/transport.js';
export { StreamSipTransport } from './sip/stream.js';
export type { ByteStream } from './sip/stream.js';
export { webSocketTransport } from './sip/websocket.js';
export type { WebSocketConstructor, WebSocketLike, WebSocketTransportOptions } from './sip/websocket.js';
export { parseMsDiagnostics } from './sip/diagnostics.js';
export type { MsDiagnostics } from './sip/diagnostics.js';
export { DIGEST_ALGORITHMS } from './sip/digest.js';
export type { DigestAlgorithm } from './sip/digest.js';

export { CollaborationPlatform } from './endpoints/platform.js';
export type {
  ClientPlatformSettings,
  ServerPlatformSettings,
  PlatformSettings,
  PlatformState,
  PlatformEvents,
  PlatformTimeouts,
} from './endpoints/platform.js';
export { LocalEndpoint } from './endpoints/local-endpoint.js';
export type {
  LocalEndpointState,
  LocalEndpointEvents,
  LocalEndpointSettings,
} from './endpoints/local-endpoint.js';
export { UserEndpoint } from './endpoints/user-endpoint.js';
export type { UserEndpointSettings, UserCredentials } from './endpoints/user-endpoint.js';
export { obtainDirectoryToken } from './endpoints/directory-sign-in.js';
export type { DirectorySignInOptions, DirectorySignInResult } from './endpoints/directory-sign-in.js';
export { currentWebSession, endWebSession } from './endpoints/web-session.js';
export type { WebSessionInfo } from './endpoints/web-session.js';
export { ApplicationEndpoint } from './endpoints/application-endpoint.js';
export { LocalOwnerPresence, RemotePresenceView, AVAILABILITY_VALUES } from './presence/presence.js';
export type {
  AvailabilityWord,
  PresencePublication,
  RemotePresence,
  RemotePresenceViewEvents,
} from './presence/presence.js';
export { ContactGroupServices } from './presence/contacts.js';
export type {
  Contact,
  ContactGroup,
  ContactInput,
  ContactList,
  ContactGroupServicesEvents,
} from './presence/contacts.js';
export type { ApplicationEndpointSettings } from './endpoints/application-endpoint.js';
export type { BackoffSettings } from './endpoints/backoff.js';
export type { ProvisioningData, PersistentChatConfiguration } from './endpoints/provisioning.js';

export { PersistentChatEndpoint } from './chat/persistent-chat-endpoint.js';
export type {
  PersistentChatEndpointState,
  PersistentChatEndpointEvents,
  PersistentChatEndpointOptions,
} from './chat/persistent-chat-endpoint.js';
export { PersistentChatServices } from './chat/services.js';
export type { ChatRoomFilterCriteria } from './chat/services.js';
export { ChatRoomSession } from './chat/room-session.js';
export { ChatRoomFileUploadJob, ChatRoomFileDownloadJob } from './chat/file-transfer.js';
export type { FileTransferJobState, FileTransferJobEvents } from './chat/file-transfer.js';
export type {
  ChatRoomSessionState,
  ChatRoomSessionEvents,
  ChatRoomProperties,
  SendOptions,
} from './chat/room-session.js';
export { FormattedOutboundChatMessage } from './chat/formatted-message.js';
export type { ChatEmoticon } from './chat/formatted-message.js';
export { ChatRoomManagementServices } from './chat/management.js';
export type {
  ChatRoom,
  ChatRoomSettings,
  ChatRoomUpdate,
  ChatRoomRoleName,
  ChatRoomCategorySummary,
  PersistentChatAddIn,
} from './chat/management.js';
export { PersistentChatUserServices } from './chat/user-services.js';
export type { PersistentChatPrincipalSummary, PersistentChatPrincipalType } from './chat/principals.js';
export type {
  ChatMessage,
  MessagePart,
  ChatRoomSummary,
  ChatRoomSnapshot,
  ChatRoomParticipant,
  ChatRoomInvitation,
  PersistentChatServerConfiguration,
  PersistentChatPreferenceBundle,
  ChatHistoryQueryOptions,
  ChatHistoryResult,
  ChatRoomPrivacy,
  ChatRoomBehavior,
  ChatRoomInvitationSetting,
  ChatRoomRole,
} from './chat/types.js';
