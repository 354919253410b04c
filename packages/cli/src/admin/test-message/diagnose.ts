// What a failed Test-CsPersistentChatMessage step means and how to fix it (PC-50): the SDK's typed
// refusals (docs/sdk.md, Errors) turned into the Error and Diagnosis lines of the report.
import { isPersistentChatError } from '@pchat/sdk';

export interface Failure {
  /** The SDK's error code (PC-88 vocabulary), or 'Unexpected': what the probe decides on, never the text. */
  code: string;
  /** What went wrong, with the step and the user. */
  error: string;
  /** The fix. */
  diagnosis: string;
}

export type Phase = 'signIn' | 'chat' | 'room' | 'join' | 'send' | 'receive' | 'leave';

export interface Where {
  phase: Phase;
  user: string;
  server: string;
  room?: string;
}

export class ProbeFailure extends Error {
  override readonly name = 'ProbeFailure';
  constructor(readonly failure: Failure) {
    super(failure.error);
  }
}

export function diagnose(e: unknown, w: Where): Failure {
  if (e instanceof ProbeFailure) return e.failure;
  const code = isPersistentChatError(e) ? e.code : 'Unexpected';
  return { code, ...explain(code, e instanceof Error ? e.message : String(e), w) };
}

function explain(code: string, said: string, w: Where): Omit<Failure, 'code'> {
  const room = w.room ?? 'the room';
  switch (code) {
    case 'ConnectionFailed':
      return w.phase === 'signIn'
        ? {
            error: `The SIP server ${w.server} is unreachable: ${said}`,
            diagnosis:
              'Check -TargetFqdn, -Port and -Transport (pchat serve listens for SIP over TCP on 5060 and TLS on 5061 by default), and that pchat is running and reachable from here.',
          }
        : {
            error: `The connection of ${w.user} was lost: ${said}`,
            diagnosis: 'The server closed the connection. Check the server log, then run the test again.',
          };
    case 'OperationTimeout':
      return {
        error: `No answer from ${w.server} to ${w.user} within the step timeout (${phaseName(w.phase)}): ${said}`,
        diagnosis:
          'The server is slow or a firewall drops packets. Check the server, or raise -TimeoutSeconds.',
      };
    case 'AuthenticationFailed':
      return {
        error: `${w.user} could not sign in: ${said}`,
        diagnosis: `Check the password in the credential of ${w.user} (Set-CsAdUser -Identity ${w.user} -Password ... sets a new one). pchat signs users in with Digest; a registrar offering only NTLM refuses it (auth.schemes).`,
      };
    case 'NotEnabledByPolicy':
      return {
        error: `${w.user} is not enabled for Persistent Chat by policy: ${said}`,
        diagnosis: `Grant a policy with EnablePersistentChat $true: Grant-CsPersistentChatPolicy -Identity ${w.user} -PolicyName <tag>, or Set-CsPersistentChatPolicy -Identity global -EnablePersistentChat $true.`,
      };
    case 'PrincipalDisabled':
      return {
        error: `${w.user} is disabled: ${said}`,
        diagnosis: `Enable the user: Set-CsAdUser -Identity ${w.user} -Disabled $false, or use another test user.`,
      };
    case 'NotAUserPrincipal':
      return {
        error: `${w.user} is a contact object, not a user: ${said}`,
        diagnosis: 'Test users must be user objects (New-CsAdUser).',
      };
    case 'ErrorPermission':
      return w.phase === 'send'
        ? {
            error: `${w.user} may not post in ${room}: ${said}`,
            diagnosis: `In an auditorium room only presenters post: Set-CsPersistentChatRoom -Identity "${room}" -Presenters @{Add="${w.user}"}, or name another room with -ChatRoomUri.`,
          }
        : {
            error: `${w.user} is not a member of ${room}: ${said}`,
            diagnosis: `Add the user: Set-CsPersistentChatRoom -Identity "${room}" -Members @{Add="${w.user}"}, or name a room both users belong to with -ChatRoomUri.`,
          };
    case 'NoSuchNode':
      return w.phase === 'join' || w.phase === 'room'
        ? {
            error: `The room ${room} does not exist (asked as ${w.user}): ${said}`,
            diagnosis:
              'Check -ChatRoomUri (a room name or ma-chan:// URI; Get-CsPersistentChatRoom lists them), or leave it out to use the first room both users may join.',
          }
        : {
            error: `The Persistent Chat service refused ${w.user}: ${said}`,
            diagnosis:
              'The provisioned chat server URI is unknown. Check the pool (Get-CsPersistentChatState) and the Persistent Chat endpoints (Get-CsPersistentChatEndpoint).',
          };
    case 'NodeDisabled':
      return {
        error: `The room ${room} is disabled: ${said}`,
        diagnosis: `Enable it (Set-CsPersistentChatRoom -Identity "${room}" -Disabled $false) or name another room with -ChatRoomUri.`,
      };
    case 'ServiceUnavailable':
      return {
        error: `The Persistent Chat service is not available to ${w.user}: ${said}`,
        diagnosis:
          'The chat service is not running or the pool is failed over (Get-CsPersistentChatState). Try again later.',
      };
    default:
      return {
        error: `${phaseName(w.phase)} failed for ${w.user}: ${said}`,
        diagnosis: 'See the error; run the test again with -Json for the steps, and check the server log.',
      };
  }
}

export function phaseName(p: Phase): string {
  return {
    signIn: 'sign-in',
    chat: 'establishing Persistent Chat',
    room: 'finding a room',
    join: 'joining the room',
    send: 'sending',
    receive: 'receiving',
    leave: 'leaving',
  }[p];
}
