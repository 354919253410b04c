// SUBSCRIBE for presence and roaming data ([MS-SIP] roaming contacts, [MS-PRES] roaming self and batched
// presence subscriptions), as Lync's front end answers pidgin-sipe: the 200 OK creates the subscription
// dialog and carries the first document itself (`ms-piggyback-cseq`, so no first NOTIFY is needed); later
// changes arrive as BENOTIFY (hub.ts). A re-SUBSCRIBE in the dialog refreshes it (and, for presence, adds
// or removes watched people); `Expires: 0` ends it (RFC 6665 §4.1.2.3).
import {
  CT_BATCH_SUBSCRIBE,
  CT_ROAMING_ACLS,
  CT_ROAMING_CONTACTS,
  CT_ROAMING_SELF,
  EVENT_PRESENCE,
  EVENT_ROAMING_ACL,
  EVENT_ROAMING_CONTACTS,
  EVENT_ROAMING_SELF,
  MAX_BATCH_RESOURCES,
  createResponse,
  decodeBatchSubscribe,
  encodeContactList,
  encodeEmptyAclList,
  encodePresenceMultipart,
  encodeRoamingSelf,
  getHeader,
  normaliseSipUri,
  parseNameAddr,
  tagOf,
  type PresenceView,
  type SipHeader,
  type SipRequest,
  type SipResponse,
} from '@pchat/protocol';
import { DomainError } from '@pchat/domain';
import type { RequestIdentity, SipRequestSide } from '../connection.js';
import type { FrontendContext } from '../context.js';
import {
  isPresenceSubscription,
  PRESENCE_CHUNK,
  type PresenceSubscription,
  type SubscriptionKind,
} from '../../presence/hub.js';
import { presenceActor } from './actor.js';

/** The roaming and presence events this server serves (listed in Allow-Events). */
export const PRESENCE_EVENTS = [
  EVENT_ROAMING_CONTACTS,
  EVENT_ROAMING_SELF,
  EVENT_ROAMING_ACL,
  EVENT_PRESENCE,
] as const;

const KIND: Record<string, SubscriptionKind | 'acl'> = {
  [EVENT_ROAMING_CONTACTS]: 'contacts',
  [EVENT_ROAMING_SELF]: 'self',
  [EVENT_PRESENCE]: 'presence',
  [EVENT_ROAMING_ACL.toLowerCase()]: 'acl',
};

/** Subscription lifetimes (seconds): what the client asks, within these bounds. */
const DEFAULT_EXPIRES = 3600;
const MIN_EXPIRES = 60;
const MAX_EXPIRES = 28_800;

export function isPresenceEvent(event: string): boolean {
  return KIND[event.toLowerCase()] !== undefined;
}

function expiresOf(req: SipRequest): number {
  const h = getHeader(req, 'Expires');
  if (h === undefined || !/^\s*\d{1,10}\s*$/.test(h)) return DEFAULT_EXPIRES;
  const n = Number(h.trim());
  return n === 0 ? 0 : Math.min(MAX_EXPIRES, Math.max(MIN_EXPIRES, n));
}

export async function handlePresenceSubscribe(
  ctx: FrontendContext,
  req: SipRequest,
  identity: RequestIdentity,
  toTag: string,
  sip: SipRequestSide,
  event: string,
): Promise<SipResponse | null> {
  const kind = KIND[event.toLowerCase()]!;
  const hub = ctx.presence;
  const existing = sip.dialog !== null && isPresenceSubscription(sip.dialog.data) ? sip.dialog.data : null;
  // RFC 6665 §4.2.1.2: a re-SUBSCRIBE for a dialog this node does not know (or not a subscription) is 481.
  const inDialog = tagOf(getHeader(req, 'To') ?? '') !== null;
  if ((inDialog || sip.dialog !== null) && existing === null)
    return createResponse(req, 481, undefined, [], { toTag });
  const actor = existing?.actor ?? (await presenceActor(ctx, identity));
  const expires = expiresOf(req);
  const cseq = (getHeader(req, 'CSeq') ?? '1').trim().split(/\s+/)[0] ?? '1';
  const headers: SipHeader[] = [
    { name: 'Event', value: event },
    { name: 'Expires', value: String(expires) },
  ];
  if (expires === 0) {
    if (existing?.dialog) ctx.dialogs.terminate(existing.dialog, 'unsubscribed');
    headers.push({ name: 'Subscription-State', value: 'terminated;reason=timeout' });
    return createResponse(req, 200, 'OK', headers, { toTag });
  }
  // The document that rides on the 200 OK (MS-SIP ms-piggyback-first-notify).
  headers.push({ name: 'ms-piggyback-cseq', value: cseq });
  let body: string;
  let contentType: string;
  let resources: string[] = [];
  let removed: string[] = [];
  let rest: PresenceView[] = [];
  if (kind === 'contacts') {
    const list = await hub.contacts.list(actor);
    body = encodeContactList(list);
    contentType = CT_ROAMING_CONTACTS;
  } else if (kind === 'self') {
    const s = hub.presence.state(actor.uri);
    body = encodeRoamingSelf({
      uri: actor.uri,
      availability: s.availability,
      note: s.note,
      since: s.since || ctx.now(),
      blocked: await hub.contacts.blocked(actor),
    });
    contentType = CT_ROAMING_SELF;
  } else if (kind === 'acl') {
    // Only pre-2007 clients subscribe to this; pchat keeps no OCS 2005 ACL, so the list is empty.
    body = encodeEmptyAclList();
    contentType = CT_ROAMING_ACLS;
  } else {
    const ct = (getHeader(req, 'Content-Type') ?? '').toLowerCase();
    if (req.body && ct.startsWith(CT_BATCH_SUBSCRIBE)) {
      const batch = decodeBatchSubscribe(req.body);
      if (batch.action === 'unsubscribe') removed = batch.resources;
      else resources = batch.resources;
      const total = new Set([...(existing?.resources ?? []), ...resources]).size;
      if (total > MAX_BATCH_RESOURCES)
        throw new DomainError(
          'LimitExceeded',
          `One presence subscription may watch at most ${MAX_BATCH_RESOURCES} people (this one would watch ${total}): unsubscribe some first.`,
        );
    } else {
      // A single subscription names its presentity in the request URI / To (RFC 3856 §6).
      resources = [normaliseSipUri(parseNameAddr(getHeader(req, 'To') ?? '').uri.raw.split(';')[0]!)];
    }
    const views = await hub.views(actor, resources);
    rest = views.slice(PRESENCE_CHUNK);
    const m = encodePresenceMultipart(
      actor.uri,
      existing ? ++existing.version : 1,
      views.slice(0, PRESENCE_CHUNK),
      rest.length === 0,
    );
    body = m.body;
    contentType = m.contentType;
  }
  if (existing !== null) {
    existing.expiresAt = ctx.now() + expires * 1000;
    if (kind === 'presence') hub.watch(existing, resources, removed);
    hub.sendViews(existing, rest);
    return createResponse(req, 200, 'OK', headers, { toTag, body, contentType });
  }
  const res = createResponse(req, 200, 'OK', headers, { toTag, body, contentType });
  if (kind === 'acl') return res;
  const sub: PresenceSubscription = {
    presenceSubscription: true,
    kind,
    actor,
    resources: new Set(resources),
    expiresAt: ctx.now() + expires * 1000,
    version: 1,
    dialog: null,
  };
  try {
    sub.dialog = sip.acceptDialog(res, sub);
  } catch (e) {
    ctx.logger.info({ err: e, event }, 'SUBSCRIBE answered meanwhile: no subscription');
    return null;
  }
  hub.add(sub);
  hub.sendViews(sub, rest);
  return null;
}
