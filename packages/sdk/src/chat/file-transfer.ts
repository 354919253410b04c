// File transfer jobs (PC-15; UCMA ChatRoomFileUploadJob / ChatRoomFileDownloadJob): the chat service hands
// out a single-use link over XCCOS, the bytes go over HTTP(S) with fetch (browser and Node alike), and an
// upload ends with the file posted in the room. A job reports its state and progress and can be cancelled.
import { PersistentChatError, isPersistentChatErrorCode } from '../errors.js';
import { TypedEventTarget } from '../events.js';
import { FormattedOutboundChatMessage } from './formatted-message.js';
import type { ChatMessage } from './types.js';

export type FileTransferJobState =
  'Requesting' | 'Transferring' | 'Posting' | 'Completed' | 'Failed' | 'Cancelled';

export interface FileTransferJobEvents {
  /** Bytes moved so far (uploads: before and after the body is sent; downloads: as chunks arrive). */
  progress: { bytesTransferred: number; totalBytes: number };
  stateChanged: {
    previousState: FileTransferJobState;
    state: FileTransferJobState;
    error?: PersistentChatError;
  };
}

/** What the HTTP edge answers a finished upload with. */
interface UploadAnswer {
  fileUri: string;
  name: string;
  size: number;
}

abstract class FileTransferJob<T> extends TypedEventTarget<FileTransferJobEvents> {
  private _state: FileTransferJobState = 'Requesting';
  protected readonly abort = new AbortController();
  /** Settles when the job ends: the result, or the PersistentChatError that ended it. */
  readonly completion: Promise<T>;

  constructor(
    readonly fileName: string,
    public totalBytes: number,
    run: (job: FileTransferJob<T>) => Promise<T>,
  ) {
    super();
    this.completion = Promise.resolve()
      .then(() => run(this))
      .then(
        (v) => {
          this.setState('Completed');
          return v;
        },
        (e: unknown) => {
          const err = this.abort.signal.aborted
            ? new PersistentChatError(
                'OperationCancelled',
                `The transfer of "${this.fileName}" was cancelled.`,
              )
            : asError(e, this.fileName);
          this.setState(err.code === 'OperationCancelled' ? 'Cancelled' : 'Failed', err);
          throw err;
        },
      );
    // The job is observed through events too; an unobserved rejection must not crash the process.
    this.completion.catch(() => {});
  }

  get state(): FileTransferJobState {
    return this._state;
  }

  /** Stops the transfer; `completion` rejects with OperationCancelled. No effect once completed. */
  cancel(): void {
    if (this._state !== 'Completed' && this._state !== 'Failed') this.abort.abort();
  }

  /** @internal */
  setState(state: FileTransferJobState, error?: PersistentChatError): void {
    if (state === this._state) return;
    const previousState = this._state;
    this._state = state;
    this.emit('stateChanged', { previousState, state, ...(error ? { error } : {}) });
  }

  /** @internal */
  progress(bytesTransferred: number): void {
    this.emit('progress', { bytesTransferred, totalBytes: this.totalBytes });
  }

  /** @internal */
  get signal(): AbortSignal {
    return this.abort.signal;
  }
}

/** An upload of one file into a room, ending with the file posted there (resolves with that message). */
export class ChatRoomFileUploadJob extends FileTransferJob<ChatMessage> {}

/** A download of one posted file (resolves with its bytes as a Blob). */
export class ChatRoomFileDownloadJob extends FileTransferJob<Blob> {}

/** What a room session gives the jobs: its chat commands and its post. */
export interface FileTransferHost {
  uploadLink(name: string, size: number, contentType: string | undefined): Promise<string>;
  downloadLink(fileUri: string): Promise<string>;
  post(message: FormattedOutboundChatMessage): Promise<ChatMessage>;
}

export function startUpload(
  host: FileTransferHost,
  content: Blob | Uint8Array,
  fileName: string,
  contentType: string | undefined,
): ChatRoomFileUploadJob {
  const blob = content instanceof Blob ? content : new Blob([content as Uint8Array<ArrayBuffer>]);
  const type = contentType ?? (blob.type || undefined);
  return new ChatRoomFileUploadJob(fileName, blob.size, async (job) => {
    const url = await host.uploadLink(fileName, blob.size, type);
    job.setState('Transferring');
    job.progress(0);
    const res = await send(
      url,
      { method: 'POST', body: blob, signal: job.signal, headers: contentHeaders(type) },
      fileName,
    );
    const answer = (await res.json()) as UploadAnswer;
    job.progress(answer.size);
    job.setState('Posting');
    return host.post(
      new FormattedOutboundChatMessage().appendFileLink(answer.name, answer.fileUri, answer.size),
    );
  });
}

export function startDownload(
  host: FileTransferHost,
  fileUri: string,
  fileName: string,
  size: number,
): ChatRoomFileDownloadJob {
  return new ChatRoomFileDownloadJob(fileName, size, async (job) => {
    const url = await host.downloadLink(fileUri);
    job.setState('Transferring');
    const res = await send(url, { method: 'GET', signal: job.signal }, fileName);
    const total = Number(res.headers.get('content-length'));
    if (Number.isFinite(total)) job.totalBytes = total;
    const chunks: Uint8Array[] = [];
    let got = 0;
    job.progress(0);
    if (res.body) {
      const reader = res.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        got += value.byteLength;
        job.progress(got);
      }
    }
    return new Blob(chunks as Uint8Array<ArrayBuffer>[], { type: res.headers.get('content-type') ?? '' });
  });
}

function contentHeaders(type: string | undefined): Record<string, string> {
  return { 'content-type': type ?? 'application/octet-stream' };
}

/** fetch that turns every failure into a PersistentChatError with the server's words. */
async function send(url: string, init: RequestInit, fileName: string): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (e) {
    if (init.signal?.aborted) throw e;
    throw new PersistentChatError(
      'ConnectionFailed',
      `Could not reach the file server at ${new URL(url).origin} for "${fileName}". Check the connection and try again.`,
      { cause: e },
    );
  }
  if (res.ok) return res;
  let code = 'FileUploadFailed';
  let message = `The file server answered ${res.status} for "${fileName}".`;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.code) code = body.error.code;
    if (body.error?.message) message = body.error.message;
  } catch {
    // Not JSON (a proxy's page): keep the status line.
  }
  throw new PersistentChatError(isPersistentChatErrorCode(code) ? code : 'FileUploadFailed', message, {
    operation: init.method === 'GET' ? 'downloadFile' : 'uploadFile',
  });
}

function asError(e: unknown, fileName: string): PersistentChatError {
  if (e instanceof PersistentChatError) return e;
  return new PersistentChatError('FileUploadFailed', `The transfer of "${fileName}" failed: ${String(e)}`, {
    cause: e,
  });
}
