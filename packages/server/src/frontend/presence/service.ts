// SERVICE requests of presence and contacts, told apart by Content-Type (a declarative table):
// category publication ([MS-PRES] 3.7.5.1), contact list SOAP ([MS-SIP]: addGroup answers the new
// group's id), access container changes (container 32000 = blocked), subscriber acknowledgements. Any other
// SERVICE keeps the old answer, a bare 200 (pidgin-sipe sends several it only needs accepted).
import {
  CT_CATEGORY_PUBLISH,
  CT_SET_CONTAINER_MEMBERS,
  CT_SET_SUBSCRIBERS,
  CT_SOAP,
  createResponse,
  decodeContactSoap,
  decodeSetContainerMembers,
  encodeContactSoapResponse,
  getHeader,
  parseCategoryPublish,
  type SipRequest,
  type SipResponse,
} from '@pchat/protocol';
import { DomainError, type Actor, type ContactListChange, type EndpointPublication } from '@pchat/domain';
import type { ConnectionState, RequestIdentity } from '../connection.js';
import type { FrontendContext } from '../context.js';
import { presenceActor } from './actor.js';

type ServiceHandler = (
  ctx: FrontendContext,
  state: ConnectionState,
  req: SipRequest,
  actor: Actor,
  toTag: string,
) => Promise<SipResponse>;

const ok = (req: SipRequest, toTag: string): SipResponse => createResponse(req, 200, 'OK', [], { toTag });

/** The endpoint a connection publishes for: one connection is one endpoint (connection-oriented sign-in). */
export function endpointKey(state: ConnectionState): string {
  return state.connection.id;
}

async function publish(
  ctx: FrontendContext,
  state: ConnectionState,
  req: SipRequest,
  actor: Actor,
  toTag: string,
): Promise<SipResponse> {
  const doc = parseCategoryPublish(req.body ?? '');
  const pub: EndpointPublication = {};
  for (const p of doc.publications) {
    if (p.category === 'state') {
      const type = p.state?.type ?? '';
      const value = p.remove ? null : (p.state?.availability ?? null);
      if (type === 'userState') pub.userState = value;
      else if (type === 'machineState' || (p.remove && p.container === 2 && type === ''))
        pub.machineState = value;
    } else if (p.category === 'note') {
      pub.note = p.remove ? null : (p.note?.text ?? null);
    }
  }
  ctx.presence.presence.publish(actor, endpointKey(state), pub);
  return ok(req, toTag);
}

async function soap(
  ctx: FrontendContext,
  _state: ConnectionState,
  req: SipRequest,
  actor: Actor,
  toTag: string,
): Promise<SipResponse> {
  const r = decodeContactSoap(req.body ?? '');
  if ('other' in r)
    throw new DomainError(
      'MsgNotSupported',
      `The contact list request '${r.method}' is not served by pchat; use addGroup, modifyGroup, deleteGroup, setContact or deleteContact.`,
    );
  const c = ctx.presence.contacts;
  let change: ContactListChange | null;
  let result: Record<string, number> = {};
  switch (r.method) {
    case 'addGroup': {
      const a = await c.addGroup(actor, r.name);
      change = a.change;
      result = { groupID: a.group.id };
      break;
    }
    case 'modifyGroup':
      change = await c.renameGroup(actor, r.groupId, r.name);
      break;
    case 'deleteGroup':
      change = await c.deleteGroup(actor, r.groupId);
      break;
    case 'setContact':
      change = await c.setContact(actor, {
        uri: r.uri,
        name: r.displayName,
        groups: r.groups,
        subscribed: r.subscribed,
      });
      break;
    case 'deleteContact':
      change = await c.deleteContact(actor, r.uri);
      break;
  }
  if (change !== null) ctx.presence.contactsChanged(actor.uri, change);
  return createResponse(req, 200, 'OK', [], {
    toTag,
    body: encodeContactSoapResponse(r.method, result),
    contentType: CT_SOAP,
  });
}

async function containers(
  ctx: FrontendContext,
  _state: ConnectionState,
  req: SipRequest,
  actor: Actor,
  toTag: string,
): Promise<SipResponse> {
  const changes = decodeSetContainerMembers(req.body ?? '');
  // Only blocking is kept (container 32000, type user); the other access levels are fixed (docs/presence.md).
  for (const ch of changes)
    if (ch.container === 32000 && ch.type === 'user' && ch.value !== null)
      await ctx.presence.contacts.setBlocked(actor, ch.value, ch.action === 'add');
  return ok(req, toTag);
}

async function acknowledge(
  _ctx: FrontendContext,
  _state: ConnectionState,
  req: SipRequest,
  _actor: Actor,
  toTag: string,
): Promise<SipResponse> {
  return ok(req, toTag);
}

/** Content-Type (lower case, without parameters) → handler. */
const SERVICE_TABLE: Record<string, ServiceHandler> = {
  [CT_CATEGORY_PUBLISH]: publish,
  [CT_SOAP]: soap,
  [CT_SET_CONTAINER_MEMBERS]: containers,
  [CT_SET_SUBSCRIBERS]: acknowledge,
};

export async function handleService(
  ctx: FrontendContext,
  state: ConnectionState,
  req: SipRequest,
  identity: RequestIdentity,
  toTag: string,
): Promise<SipResponse> {
  const ct = (getHeader(req, 'Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
  const h = SERVICE_TABLE[ct];
  // COMPAT(pidgin-sipe): other SERVICE bodies only need a 200 (docs/xccos.md §5.3).
  if (h === undefined) return ok(req, toTag);
  return h(ctx, state, req, await presenceActor(ctx, identity), toTag);
}
