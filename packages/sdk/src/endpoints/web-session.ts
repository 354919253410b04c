// The browser's web session (server: GET/DELETE /v1/auth/web-session; docs/web.md "Sessions and
// passwords"). The session is an HttpOnly cookie the server sets on the SIP WebSocket handshake and binds
// at the first password sign-in; page script never sees it. A UserEndpoint on that origin then registers
// without being challenged, so after a reload the app needs only the SIP address, which this asks for.
import { WEB_SESSION_PATH, isWebSessionResponse } from '@pchat/protocol';

export interface WebSessionInfo {
  /** The SIP address the session signs in (the endpoint's ownerUri). */
  ownerUri: string;
  expiresAt: Date;
}

/** The live session of this browser on the page's server, or null (none, expired, or signed out). */
export async function currentWebSession(f: typeof fetch = globalThis.fetch): Promise<WebSessionInfo | null> {
  let res: Response;
  try {
    res = await f(WEB_SESSION_PATH, { credentials: 'same-origin' });
  } catch {
    return null; // the server is unreachable: the sign-in form says so when it is used
  }
  const json: unknown = await res.json().catch(() => null);
  return res.ok && isWebSessionResponse(json)
    ? { ownerUri: json.sipAddress, expiresAt: new Date(json.expiresAt) }
    : null;
}

/** Signs this browser out on the server: the session ends on every node, the cookie is cleared. */
export async function endWebSession(f: typeof fetch = globalThis.fetch): Promise<void> {
  await f(WEB_SESSION_PATH, { method: 'DELETE', credentials: 'same-origin' }).catch(() => undefined);
}
