// Compliance recording (PC-70, PC-71, PC-75): what is recorded for each event, and how the pool-wide
// queue of unprocessed events reports itself.
import type { PrincipalUri } from './principal.js';

/**
 * The event types of the compliance output (PC-72). EDIT and DELETE are pchat's own: an author's change
 * of their own message, recorded with the new text (EDIT) or the removed text (DELETE); the original
 * stays in the CHAT event recorded when it was posted.
 */
export const COMPLIANCE_EVENT_TYPES = [
  'JOIN',
  'PART',
  'CHAT',
  'BACKCHAT',
  'FILEUPLOAD',
  'FILEDOWNLOAD',
  'EDIT',
  'DELETE',
] as const;
export type ComplianceEventType = (typeof COMPLIANCE_EVENT_TYPES)[number];

export interface NewComplianceEvent {
  type: ComplianceEventType;
  /** Epoch ms of the event (for CHAT, the message's server timestamp). */
  ts: number;
  roomId: string;
  /** Kept with the event: the room may be renamed or deleted before the adapter runs. */
  roomUri: string;
  userUri: PrincipalUri;
  /** Empty for JOIN and PART; the text for CHAT/EDIT/DELETE; the stored file name for FILE* (PC-72). */
  content: string;
  /** The message id for CHAT, EDIT and DELETE; null otherwise. */
  messageId: number | null;
  /** Extra facts as JSON (file URI and size, the previous text of an edit), or null. */
  details: string | null;
}

export interface ComplianceEvent extends NewComplianceEvent {
  /** Pool-wide, increasing in insertion order. */
  seq: number;
  /** The batch the event was claimed in (its smallest seq); stable across retries and lease take-overs. */
  batchId: number;
  /** Failed adapter runs of this batch so far. */
  attempts: number;
}

/** A claimed batch whose adapter run failed and waits for its retry. */
export interface FailingBatch {
  batchId: number;
  events: number;
  attempts: number;
  lastError: string;
  retryAt: number;
}

/** Get-CsPersistentChatComplianceState: the pool-wide queue. */
export interface ComplianceStatus {
  /** Events recorded and not yet handed to an adapter successfully. */
  pending: number;
  /** Timestamp of the oldest pending event, or null when the queue is empty. */
  oldestTs: number | null;
  /** At most 20, oldest batch first. */
  failing: FailingBatch[];
}
