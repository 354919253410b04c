// Sign-in with the directory password (server: POST /v1/auth/directory-token; docs/directory.md). The
// password goes once to the server over HTTPS, which checks it with the directory; the answer is a
// short-lived token to use as the UserEndpoint's password. Browser-safe (fetch only), so the web app uses
// it as well as Node programs.
import {
  DIRECTORY_TOKEN_PATH,
  isDirectoryTokenResponse,
  type DirectoryTokenError,
  type DirectoryTokenRequest,
} from '@pchat/protocol';
import { PersistentChatError } from '../errors.js';
import type { UserCredentials } from './user-endpoint.js';

export interface DirectorySignInOptions {
  /** The server's HTTPS base address, e.g. https://pchat.example.test (its /v1 API lives there). */
  server: string;
  /** SIP address, UPN (alice@corp.example.test) or DOMAIN\sAMAccountName. */
  user: string;
  password: string;
  /** Default: globalThis.fetch. */
  fetch?: typeof fetch;
}

export interface DirectorySignInResult {
  /** The SIP address to use as the endpoint's ownerUri. */
  ownerUri: string;
  /** The credentials for UserEndpointSettings (the token as the Digest password). */
  credentials: UserCredentials;
  /** After this the token no longer signs in; obtain a new one. */
  expiresAt: Date;
}

/**
 * Obtains a sign-in token with the directory password. Refusals are PersistentChatErrors:
 * AuthenticationFailed (wrong name or password, or the account is disabled), LimitExceeded (too many
 * failures: `retryAfter` seconds), ServiceUnavailable (the directory cannot check passwords now).
 */
export async function obtainDirectoryToken(o: DirectorySignInOptions): Promise<DirectorySignInResult> {
  const f = o.fetch ?? globalThis.fetch;
  const body: DirectoryTokenRequest = { user: o.user, password: o.password };
  let res: Response;
  try {
    res = await f(new URL(DIRECTORY_TOKEN_PATH, o.server).toString(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw new PersistentChatError(
      'ConnectionFailed',
      `Cannot reach ${o.server} to sign in with the directory password: check the server address.`,
      { cause: e },
    );
  }
  const json: unknown = await res.json().catch(() => null);
  if (res.ok && isDirectoryTokenResponse(json))
    return {
      ownerUri: json.sipAddress,
      credentials: { password: json.token },
      expiresAt: new Date(json.expiresAt),
    };
  const message =
    (json as DirectoryTokenError | null)?.error?.message ??
    `The server answered ${res.status} to the sign-in.`;
  if (res.status === 401) throw new PersistentChatError('AuthenticationFailed', message);
  if (res.status === 429) {
    const retryAfter = Number(res.headers.get('retry-after') ?? '0') || undefined;
    throw new PersistentChatError('LimitExceeded', message, retryAfter ? { retryAfter } : {});
  }
  if (res.status === 503) throw new PersistentChatError('ServiceUnavailable', message);
  throw new PersistentChatError('InvalidArgument', message);
}
