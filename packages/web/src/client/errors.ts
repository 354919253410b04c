// The SDK's typed errors (PC-88 codes) in words for people: what went wrong and what to do, without
// internal ids. The sign-in refusals come first: they are what most people will ever see.
import { isPersistentChatError } from '@pchat/sdk';

/** Why a sign-in failed, for the sign-in form. */
export function signInRefusal(e: unknown): string {
  if (!isPersistentChatError(e)) return `Sign-in failed: ${String((e as Error)?.message ?? e)}`;
  switch (e.code) {
    case 'AuthenticationFailed':
      return 'The SIP address or password is wrong. Check both and try again.';
    case 'ServiceUnavailable':
      if (e.operation === 'REGISTER' && e.retryAfter !== undefined)
        return `Too many failed sign-in attempts: this account is locked for now. Try again in ${e.retryAfter} seconds.`;
      return 'The chat service is not available right now. Try again in a moment.';
    case 'NotEnabledByPolicy':
      return 'Persistent Chat is not enabled for this account. Ask your administrator to grant you a Persistent Chat policy.';
    case 'PrincipalDisabled':
      return 'This account is disabled. Ask your administrator to enable it.';
    case 'NotAUserPrincipal':
      return 'This address belongs to an application, not to a person. Sign in with your own SIP address.';
    case 'NoSuchPrincipal':
      return 'There is no user with this SIP address. Check the address.';
    case 'ConnectionFailed':
    case 'OperationTimeout':
      return 'The server cannot be reached. Check your network connection and try again.';
    default:
      return humanError(e);
  }
}

/**
 * Why signing in again on the web session failed, after a lost connection. No password is kept: a refused
 * session (ended, expired, a new password) means signing in again with it.
 */
export function sessionRefusal(e: unknown): string {
  if (isPersistentChatError(e, 'AuthenticationFailed'))
    return 'Your session has ended. Sign in again with your password.';
  return signInRefusal(e);
}

/** Any other failure: the SDK's message already says what happened and what to do. */
export function humanError(e: unknown): string {
  if (isPersistentChatError(e)) {
    switch (e.code) {
      case 'ConnectionFailed':
      case 'OperationTimeout':
        return 'The connection to the server was interrupted. Your text is kept: retry when the connection is back.';
      case 'ErrorPermission':
        return 'You are not allowed to do this in this room.';
      case 'LimitExceeded':
        return `Too long or too many: ${stripProtocol(e.message)}`;
      default:
        return stripProtocol(e.message);
    }
  }
  return String((e as Error)?.message ?? e);
}

/** Drops the protocol prefix ("cmd:join refused: 403 …:") that people need not read. */
function stripProtocol(message: string): string {
  return message
    .replace(/^[\w:-]+ refused: \d+ [^:]*(\(ms-diagnostics \d+\))?: /, '')
    .replace(/^[\w:-]+ refused \(\d+\): /, '')
    .replace(/ \(PC-\d+\)/g, '');
}

/** Why an edit or deletion of one's own message was refused (the policy, the time window, the room). */
export function ownChangeRefusal(e: unknown, verb: 'edit' | 'delete'): string {
  if (isPersistentChatError(e, 'ErrorPermission')) {
    const m = e.message;
    const window = /within (\d+) minutes/.exec(m);
    if (window)
      return `This message can no longer be ${verb === 'edit' ? 'edited' : 'deleted'}: that is possible only within ${window[1]} minutes of posting.`;
    if (/policy/i.test(m))
      return `Your account is not allowed to ${verb} messages. Ask your administrator if you need to.`;
    return `You cannot ${verb} this message: you may change only your own messages, in rooms where you may post.`;
  }
  return humanError(e);
}
