// Files in rooms (PC-15): a file button beside the composer and drag and drop onto the room, both through
// the SDK's upload job; posted files render as cards whose Download asks for a single-use link.
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import type { MessagePart } from '@pchat/sdk';
import { useClient } from './hooks.js';
import { IconClip, IconFile } from './icons.js';

type FilePart = Extract<MessagePart, { kind: 'file' }>;

export function fileParts(parts: readonly MessagePart[]): FilePart[] {
  return parts.filter((p): p is FilePart => p.kind === 'file');
}

const size = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
export function formatBytes(n: number | undefined): string {
  if (n === undefined) return '';
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${size.format(n / 1024)} KB`;
  return `${size.format(n / 1024 / 1024)} MB`;
}

/** Upload state shared by the button and the drop zone of one room. */
export function useUploads(roomUri: string): {
  upload: (files: FileList | File[]) => void;
  status: string | null;
  error: string | null;
  clearError: () => void;
} {
  const client = useClient();
  const [status, setStatus] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const upload = (files: FileList | File[]): void => {
    void (async () => {
      setError(null);
      for (const f of Array.from(files)) {
        setStatus(`Uploading ${f.name}…`);
        try {
          await client.uploadFile(roomUri, f, (done, total) =>
            setStatus(`Uploading ${f.name}… ${total ? Math.round((done / total) * 100) : 0}%`),
          );
        } catch (e) {
          setError((e as Error).message);
        }
      }
      setStatus(null);
    })();
  };
  return { upload, status, error, clearError: () => setError(null) };
}

export function FileButton({ onFiles }: { onFiles: (f: FileList) => void }): React.JSX.Element {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden="true"
        onChange={(e) => {
          if (e.target.files?.length) onFiles(e.target.files);
          e.target.value = '';
        }}
      />
      <button type="button" className="icon-button attach" onClick={() => input.current?.click()}>
        <IconClip />
        <span className="visually-hidden">Attach a file</span>
      </button>
    </>
  );
}

/** Wraps the room: files dropped on it are posted when the room allows files. */
export function DropZone({
  enabled,
  onFiles,
  children,
}: {
  enabled: boolean;
  onFiles: (f: FileList) => void;
  children: ReactNode;
}): React.JSX.Element {
  const [over, setOver] = useState(false);
  const on = (e: DragEvent): void => {
    if (!enabled || !e.dataTransfer.types.includes('Files')) return;
    e.preventDefault();
    setOver(true);
  };
  return (
    <div
      className={`room-center${over ? ' drop-over' : ''}`}
      onDragEnter={on}
      onDragOver={on}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        setOver(false);
        if (!enabled || !e.dataTransfer.files.length) return;
        e.preventDefault();
        onFiles(e.dataTransfer.files);
      }}
    >
      {children}
      {over && (
        <div className="drop-hint" aria-hidden="true">
          Drop to post the file
        </div>
      )}
    </div>
  );
}

export function FileCard({ roomUri, part }: { roomUri: string; part: FilePart }): React.JSX.Element {
  const client = useClient();
  const [error, setError] = useState<string | null>(null);
  async function download(): Promise<void> {
    setError(null);
    try {
      const url = await client.fileDownloadUrl(roomUri, part.uri);
      const a = document.createElement('a');
      a.href = url;
      a.download = part.name;
      a.rel = 'noopener noreferrer';
      document.body.appendChild(a);
      a.click();
      a.remove();
    } catch (e) {
      setError((e as Error).message);
    }
  }
  return (
    <div className="file-card">
      <IconFile />
      <div className="file-meta">
        <span className="file-name">{part.name}</span>
        <span className="muted small-text">{formatBytes(part.size)}</span>
        {error && <span className="error small-text">{error}</span>}
      </div>
      <button
        type="button"
        className="small"
        aria-label={`Download ${part.name}`}
        onClick={() => void download()}
      >
        Download
      </button>
    </div>
  );
}
