// The chat service (docs/chat-service.md): what the composition root and the front end's chat routing use.
export {
  createChatService,
  type ChatService,
  type ChatServiceOptions,
  type ChatSessionHandle,
} from './service.js';
export { InProcessBus, type Bus, type BusHandler, type RoomBusEvent } from './bus.js';
export {
  DEFAULT_OUTBOUND_LIMITS,
  type ChatIdentity,
  type ChatLogger,
  type ChatMetrics,
  type ChatSink,
  type CloseReason,
  type OutboundLimits,
} from './types.js';
export type { DialogKind } from './session.js';
export { mapErrorToResp, type RespError } from '../errors/xccos.js';
