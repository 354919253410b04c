// Files posted in rooms (PC-15): the stored file and the single-use transfer grants the chat service issues.
import type { PrincipalUri } from './principal.js';

/** A file as the file store keeps it: bytes plus who posted it where. Never moves between rooms. */
export interface StoredFile {
  id: string;
  roomId: string;
  uploader: PrincipalUri;
  /** The name the uploader gave, as shown to readers (no path). */
  name: string;
  contentType: string;
  /** Bytes. */
  size: number;
  /** Hex SHA-256 of the content, for integrity checks by downloaders and auditors. */
  sha256: string;
  createdOn: number;
}

/**
 * What a transfer token allows, once, until it expires (Lync kept these in tblFileToken). An upload grant
 * names the room, the file name and the most bytes the server will take; a download grant names the file.
 */
export type FileGrant =
  | {
      kind: 'upload';
      userUri: PrincipalUri;
      roomId: string;
      fileName: string;
      contentType: string;
      maxBytes: number;
      expires: number;
    }
  | { kind: 'download'; userUri: PrincipalUri; roomId: string; fileId: string; expires: number };

/** A file name safe to store and show: no path, no control characters, at most 255 characters. */
export function cleanFileName(raw: string): string | null {
  const base = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const name = base.replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (name === '' || name === '.' || name === '..' || name.length > 255) return null;
  return name;
}
