// The directory sign-in exchange (server: http/directory-sign-in.ts; SDK: obtainDirectoryToken). The
// client sends the user's name and directory password over HTTPS; the server binds to the directory as
// that user and answers with a short-lived token that the client then uses as its SIP Digest password.

export const DIRECTORY_TOKEN_PATH = '/v1/auth/directory-token';

export interface DirectoryTokenRequest {
  /** SIP address, UPN or DOMAIN\sAMAccountName. */
  user: string;
  password: string;
}

export interface DirectoryTokenResponse {
  /** The SIP address to register (the Digest user name is its user part). */
  sipAddress: string;
  /** Use as the Digest password when registering; valid until expiresAt. */
  token: string;
  /** ISO 8601. */
  expiresAt: string;
}

/** Refusals: 401 wrong name or password (or disabled), 429 throttled (Retry-After), 503 directory down. */
export interface DirectoryTokenError {
  error: { code: string; message: string };
}

export function isDirectoryTokenResponse(v: unknown): v is DirectoryTokenResponse {
  const o = v as Partial<DirectoryTokenResponse> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.sipAddress === 'string' &&
    typeof o.token === 'string' &&
    typeof o.expiresAt === 'string'
  );
}
