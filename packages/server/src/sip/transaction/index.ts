export { SipEndpoint, type SipEndpointOptions } from './endpoint.js';
export { DialogTable, type DialogListener } from './dialogs.js';
export { ServerTransaction, type ServerTransactionState } from './server-transaction.js';
export { ClientTransaction } from './client-transaction.js';
export {
  createInDialogRequest,
  dialogFromRequest,
  dialogId,
  ourVia,
  type InDialogRequestOptions,
  type SipDialog,
} from './dialog.js';
export type {
  AcceptDialogOptions,
  RespondOptions,
  SipHandlerTable,
  SipRequestContext,
  SipRequestHandler,
} from './handler.js';
export { serverKey, clientKeyOfResponse, topVia } from './keys.js';
export { DEFAULT_TIMERS, timeout64, type SipTimers } from './timers.js';
