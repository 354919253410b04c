// The HTTP addresses of file transfer (PC-15), built by the chat service and served by the HTTP edge:
//   POST <base>/files/upload?token=…          the bytes of a new file (single-use upload grant)
//   GET  <base>/files/<id>/<name>?token=…     the bytes of a posted file (single-use download grant)
// A file's URI in a message is its download address without a token: it names the file, and a client
// asks the chat service for a token before fetching it (pidgin-sipe shows it as a link).

export const FILES_PREFIX = '/files';
export const UPLOAD_PATH = `${FILES_PREFIX}/upload`;

export function uploadUrl(base: string, token: string): string {
  return `${trim(base)}${UPLOAD_PATH}?token=${encodeURIComponent(token)}`;
}

export function fileUri(base: string, fileId: string, name: string): string {
  return `${trim(base)}${FILES_PREFIX}/${encodeURIComponent(fileId)}/${encodeURIComponent(name)}`;
}

export function downloadUrl(fileUriOfMessage: string, token: string): string {
  return `${fileUriOfMessage}?token=${encodeURIComponent(token)}`;
}

/** The file id a file URI names (any host: a pool's nodes may publish different addresses), or null. */
export function fileIdOf(uri: string): string | null {
  let path: string;
  try {
    path = new URL(uri).pathname;
  } catch {
    return null;
  }
  const m = /^\/files\/([^/]+)\/[^/]+$/.exec(path);
  if (!m || m[1] === 'upload') return null;
  try {
    return decodeURIComponent(m[1] as string);
  } catch {
    return null;
  }
}

const trim = (base: string): string => base.replace(/\/+$/, '');
