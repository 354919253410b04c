// The web session cookie (docs/web.md "Sessions and passwords"): HttpOnly so that page script never reads
// it, SameSite=Strict so that no other site's page sends it, Secure over TLS. Accepted only from a page of
// this origin: browsers always send Origin on a WebSocket handshake, and a cross-site one (CSWSH) must not
// ride on the user's cookie.
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const WEB_SESSION_COOKIE = 'pchat_session';

/** 256 random bits, base64url: 43 characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The session token the request's Cookie header carries, when it has the shape of one. */
export function sessionTokenOf(headers: IncomingHttpHeaders): string | null {
  const raw = headers.cookie;
  if (!raw) return null;
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== WEB_SESSION_COOKIE) continue;
    const v = part.slice(eq + 1).trim();
    return TOKEN_SHAPE.test(v) ? v : null;
  }
  return null;
}

/** True when the request comes from a page of this server's origin (RFC 6454 §7: Origin vs Host). */
export function fromSameOrigin(headers: IncomingHttpHeaders): boolean {
  const origin = headers.origin;
  const host = headers.host;
  if (typeof origin !== 'string' || typeof host !== 'string' || origin === 'null') return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}

/** A Set-Cookie value that keeps the token for `maxAgeSeconds` (0 clears it). */
export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${WEB_SESSION_COOKIE}=${token}`,
    'Path=/',
    `Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}
