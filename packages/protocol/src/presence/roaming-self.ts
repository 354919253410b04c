// The roaming-self document ([MS-PRES] 2.2.2.4 `roamingData`): what a user's own endpoints learn about
// the user when they subscribe to `vnd-microsoft-roaming-self`: the user's own categories, the access
// containers with their members, and the subscribers. pchat keeps access levels simple (docs/presence.md):
// colleagues of the same enterprise read container 200, federated users container 100, and container 32000
// lists the people the user blocked. pidgin-sipe publishes its initial state only after it got this
// document, and adds `sameEnterprise` itself when no container lists it.
import { attr, escapeText } from '../xccos/xml.js';
import { NS_CATEGORIES, NS_NOTE, NS_ROAMING_SELF, NS_STATE, NS_XSI } from './constants.js';
import { PresenceCodecError } from './errors.js';
import { attrOf, isoTime, kid, kids, localName, parseBody } from './xml.js';

export interface RoamingSelf {
  uri: string;
  /** The user's aggregated availability and note (null: none published). */
  availability: number | null;
  note: string | null;
  since: number;
  /** Addresses (`sip:` or not) the user blocked: container 32000. */
  blocked: readonly string[];
}

const noSip = (u: string): string => u.replace(/^sip:/i, '');

export function encodeRoamingSelf(r: RoamingSelf): string {
  const t = isoTime(r.since);
  let cats = '';
  if (r.availability !== null)
    cats +=
      `<category name="state" instance="0" publishTime="${t}" container="2" version="1" expireType="user">` +
      `<state xmlns="${NS_STATE}" xmlns:xsi="${NS_XSI}" manual="false" xsi:type="aggregateState">` +
      `<availability>${r.availability}</availability></state></category>`;
  if (r.note !== null)
    cats +=
      `<category name="note" instance="0" publishTime="${t}" container="200" version="1" expireType="static">` +
      `<note xmlns="${NS_NOTE}"><body type="personal" uri="">${escapeText(r.note)}</body></note></category>`;
  let blocked = '';
  for (const b of r.blocked) blocked += `<member type="user"${attr('value', noSip(b))}/>`;
  return (
    `<roamingData xmlns="${NS_ROAMING_SELF}" xmlns:xsi="${NS_XSI}">` +
    `<categories xmlns="${NS_CATEGORIES}"${attr('uri', r.uri)}>${cats}</categories>` +
    `<containers xmlns="http://schemas.microsoft.com/2006/09/sip/container-management">` +
    `<container id="100" version="1"><member type="federated"/></container>` +
    `<container id="200" version="1"><member type="sameEnterprise"/></container>` +
    `<container id="32000" version="1">${blocked}</container>` +
    `</containers><subscribers xmlns="http://schemas.microsoft.com/2006/09/sip/presence-subscribers"/>` +
    `</roamingData>`
  );
}

/** A change of access containers ([MS-PRES] 2.2.2.5 `setContainerMembers`). */
export interface ContainerMemberChange {
  container: number;
  action: 'add' | 'remove';
  type: string;
  /** `sip:` address for type `user` (added when missing), the value as sent otherwise, or null. */
  value: string | null;
}

export function decodeSetContainerMembers(body: string): ContainerMemberChange[] {
  const root = parseBody(body, 'setContainerMembers');
  if (localName(root) !== 'setContainerMembers')
    throw new PresenceCodecError(
      'wrong-document',
      'An access change must be a <setContainerMembers> document.',
    );
  const out: ContainerMemberChange[] = [];
  for (const c of kids(root, 'container')) {
    const id = Number(attrOf(c, 'id') ?? 'NaN');
    if (!Number.isInteger(id))
      throw new PresenceCodecError('bad-field', 'Every <container> needs a numeric id.');
    for (const m of kids(c, 'member')) {
      const action = attrOf(m, 'action') === 'remove' ? 'remove' : 'add';
      const type = attrOf(m, 'type') ?? '';
      const raw = attrOf(m, 'value') ?? null;
      const value = raw === null ? null : type === 'user' ? `sip:${noSip(raw).toLowerCase()}` : raw;
      out.push({ container: id, action, type, value });
    }
  }
  return out;
}

/** What the SDK sends to block or unblock people (container 32000, members of type user). */
export function encodeSetContainerMembers(changes: readonly ContainerMemberChange[]): string {
  const by = new Map<number, ContainerMemberChange[]>();
  for (const c of changes) by.set(c.container, [...(by.get(c.container) ?? []), c]);
  let s = '<setContainerMembers xmlns="http://schemas.microsoft.com/2006/09/sip/container-management">';
  for (const [id, list] of by) {
    s += `<container id="${id}" version="0">`;
    for (const c of list)
      s += `<member action="${c.action}"${attr('type', c.type)}${c.value === null ? '' : attr('value', c.type === 'user' ? noSip(c.value) : c.value)}/>`;
    s += '</container>';
  }
  return `${s}</setContainerMembers>`;
}

/** For tests and the SDK: whether a roaming-self document lists an address as blocked. */
export function blockedIn(body: string): string[] {
  const root = parseBody(body, 'roamingData');
  const containers = kid(root, 'containers');
  const out: string[] = [];
  for (const c of containers === undefined ? [] : kids(containers, 'container'))
    if (attrOf(c, 'id') === '32000')
      for (const m of kids(c, 'member'))
        if (attrOf(m, 'type') === 'user') out.push(`sip:${attrOf(m, 'value') ?? ''}`);
  return out;
}

/**
 * The answer to a `vnd-microsoft-roaming-ACL` subscription (OCS 2005 access lists, sent only by pre-2007
 * clients): pchat keeps no such list, so it is always empty.
 */
export function encodeEmptyAclList(): string {
  return '<acList deltaNum="1"/>';
}
