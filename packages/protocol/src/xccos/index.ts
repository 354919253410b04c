// @pchat/protocol XCCOS codec: the public surface (docs/protocol-notes.md describes the dialect).
export * from './errors.js';
export type * from './model.js';
export {
  parseXml,
  escapeText,
  escapeAttr,
  hasIllegalXmlChar,
  stripIllegalXmlChars,
  DEFAULT_MAX_LENGTH,
  DEFAULT_MAX_DEPTH,
  type XmlLimits,
} from './xml.js';
export * from './time.js';
export * from './uri.js';
export { encodeGrpchat, encodeHistoryMessage } from './message.js';
export {
  INFO_UCNT,
  INFO_VISIBILITY,
  PROP_LOGGED,
  PROP_INVITE,
  PROP_FILEPOST,
  AIB_MEMBER,
  AIB_MANAGER,
} from './rooms.js';
export {
  COMMAND_TYPES,
  commandId,
  replyIdFor,
  encodeCommand,
  type XccosCommand,
  type XccosCommandType,
} from './commands.js';
export {
  REPLY_TYPES,
  SUCCESS_OK,
  okReply,
  encodeReply,
  encodeRplElement,
  encodeBccontextData,
  type FileTransferLink,
  type ReplyDataMap,
  type XccosReply,
  type XccosReplyType,
} from './replies.js';
export { encodeNotice, type XccosNotice, type XccosNoticeType, type NoticeRoom } from './notices.js';
export * from './envelope.js';
export * from './resp-text.js';
