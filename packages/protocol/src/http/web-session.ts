// The web session exchange (server: http/web-session.ts; SDK: currentWebSession, endWebSession). The
// session itself is an HttpOnly cookie that page script never sees: these calls only ask whom it signs
// in (after a reload) and end it (sign-out). docs/web.md "Sessions and passwords".

export const WEB_SESSION_PATH = '/v1/auth/web-session';

/** GET answer while the browser's session is live; 401 (and the cookie cleared) otherwise. */
export interface WebSessionResponse {
  /** The SIP address the session signs in. */
  sipAddress: string;
  /** ISO 8601: when the session ends and the password is asked again. */
  expiresAt: string;
}

export function isWebSessionResponse(v: unknown): v is WebSessionResponse {
  const o = v as Partial<WebSessionResponse> | null;
  return (
    typeof o === 'object' && o !== null && typeof o.sipAddress === 'string' && typeof o.expiresAt === 'string'
  );
}
