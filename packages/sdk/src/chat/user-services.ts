// PersistentChatUserServices (docs/sdk.md): read-only user lookup (PC-84: the SDK cannot administer).
import { PersistentChatError } from '../errors.js';
import { toPrincipal } from './convert.js';
import type { PersistentChatEndpoint } from './persistent-chat-endpoint.js';
import type { PersistentChatPrincipalSummary } from './principals.js';

/** User lookup (UCMA PersistentChatUserServices). */
export class PersistentChatUserServices {
  constructor(private readonly endpoint: PersistentChatEndpoint) {}

  /** GetUser: one user by SIP URI; NoSuchPrincipal when unknown. */
  async getUser(sipUri: string): Promise<PersistentChatPrincipalSummary> {
    const [u] = await this.getUsers([sipUri]);
    if (!u)
      throw new PersistentChatError('NoSuchPrincipal', `${sipUri} is not a user known to the chat server.`);
    return u;
  }

  /** Several users by SIP URI (unknown ones are left out). */
  async getUsers(sipUris: readonly string[]): Promise<PersistentChatPrincipalSummary[]> {
    const r = await this.endpoint.command({ type: 'pchat-getuser', uris: [...sipUris] });
    return r.users.map(toPrincipal);
  }
}
