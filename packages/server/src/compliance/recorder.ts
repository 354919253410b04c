// What the chat service (and the file transfer edge) call to record compliance events (PC-70, PC-71).
// Recording is on while the pool's effective compliance configuration names an adapter; the setting is
// re-read at most every few seconds, so a change made on any node of the pool takes effect everywhere.
import type {
  AppendOptions,
  ComplianceEventType,
  NewComplianceEvent,
  Pool,
  Room,
  Store,
} from '@pchat/domain';
import { effectiveCompliance } from './settings.js';

/** FILEUPLOAD / FILEDOWNLOAD (PC-71): content is the stored file name (PC-72). */
export interface FileTransferEvent {
  type: 'FILEUPLOAD' | 'FILEDOWNLOAD';
  room: Pick<Room, 'id' | 'uri'>;
  userUri: string;
  fileName: string;
  /** Extra facts kept with the event (file URI, size); shown in the attachments manifest. */
  details?: Record<string, unknown>;
}

export class ComplianceRecorder {
  private on = false;
  private readAt = -Infinity;
  private reading: Promise<boolean> | null = null;

  constructor(
    private readonly store: Store,
    private readonly pool: Pool,
    private readonly now: () => number = Date.now,
    /** How long a read of the configuration is trusted. */
    private readonly ttlMs = 2000,
  ) {}

  /** Whether events are recorded now (the effective configuration names an adapter). */
  async enabled(): Promise<boolean> {
    if (this.now() - this.readAt < this.ttlMs) return this.on;
    this.reading ??= effectiveCompliance(this.store, this.pool)
      .then((c) => {
        this.on = c.adapterType.trim() !== '';
        this.readAt = this.now();
        return this.on;
      })
      .finally(() => {
        this.reading = null;
      });
    return this.reading;
  }

  /** Forget the cached setting (after a change on this node). */
  invalidate(): void {
    this.readAt = -Infinity;
  }

  /** The append options of a post: the CHAT event commits with the message. */
  async appendOptions(room: Pick<Room, 'uri'>): Promise<AppendOptions | undefined> {
    return (await this.enabled()) ? { compliance: { roomUri: room.uri } } : undefined;
  }

  /** Records one event durably (resolves after commit) when recording is on. */
  async record(
    type: ComplianceEventType,
    room: Pick<Room, 'id' | 'uri'>,
    userUri: string,
    content = '',
    extra: { messageId?: number | null; details?: Record<string, unknown> | null; ts?: number } = {},
  ): Promise<void> {
    if (!(await this.enabled())) return;
    const e: NewComplianceEvent = {
      type,
      ts: extra.ts ?? this.now(),
      roomId: room.id,
      roomUri: room.uri,
      userUri: userUri.toLowerCase(),
      content,
      messageId: extra.messageId ?? null,
      details: extra.details ? JSON.stringify(extra.details) : null,
    };
    await this.store.compliance.record([e]);
  }

  /** For the file transfer edge: call after the upload is stored / before the download is served. */
  recordFileTransfer(e: FileTransferEvent): Promise<void> {
    return this.record(e.type, e.room, e.userUri, e.fileName, { details: e.details ?? null });
  }
}
