// Contact list edits as SOAP over SIP SERVICE ([MS-SIP] 2.2.2.x and 3.x: addGroup, modifyGroup,
// deleteGroup, setContact, deleteContact). The request is `Envelope/Body/<method>` with one child per
// argument (`m:` namespace http://schemas.microsoft.com/winrtc/2002/11/sip); the answer to addGroup must
// carry the new group's id (`Body/addGroup/groupID`): pidgin-sipe waits for it before it sends setContact.
import { escapeText } from '../xccos/xml.js';
import { CT_SOAP, NS_SOAP_ENVELOPE, NS_SOAP_SIP } from './constants.js';
import { PresenceCodecError } from './errors.js';
import { kid, kids, localName, parseBody, text } from './xml.js';

export const CONTACT_SOAP_METHODS = [
  'addGroup',
  'modifyGroup',
  'deleteGroup',
  'setContact',
  'deleteContact',
] as const;
export type ContactSoapMethod = (typeof CONTACT_SOAP_METHODS)[number];

export type ContactSoapRequest =
  | { method: 'addGroup'; name: string }
  | { method: 'modifyGroup'; groupId: number; name: string }
  | { method: 'deleteGroup'; groupId: number }
  | { method: 'setContact'; uri: string; displayName: string; groups: number[]; subscribed: boolean }
  | { method: 'deleteContact'; uri: string };

/** A SOAP method pchat does not serve (directorySearch, setACE, ...): the name, for the refusal. */
export interface OtherSoapRequest {
  method: string;
  other: true;
}

function groupId(v: string): number {
  const t = v.trim();
  if (!/^\d{1,9}$/.test(t)) throw new PresenceCodecError('bad-field', `"${t}" is not a contact group id.`);
  return Number(t);
}

function sipUri(v: string): string {
  const t = v.trim().toLowerCase();
  if (t === '') throw new PresenceCodecError('bad-field', 'The contact address is missing.');
  return t.startsWith('sip:') ? t : `sip:${t}`;
}

export function decodeContactSoap(body: string): ContactSoapRequest | OtherSoapRequest {
  const env = parseBody(body, CT_SOAP);
  if (localName(env) !== 'Envelope')
    throw new PresenceCodecError('wrong-document', 'A SOAP request must be an <Envelope> document.');
  const b = kid(env, 'Body');
  const call = b === undefined ? undefined : kids(b)[0];
  if (call === undefined) throw new PresenceCodecError('bad-field', 'The SOAP body names no method.');
  const f = (n: string): string => text(kid(call, n));
  switch (localName(call)) {
    case 'addGroup':
      return { method: 'addGroup', name: f('name') };
    case 'modifyGroup':
      return { method: 'modifyGroup', groupId: groupId(f('groupID')), name: f('name') };
    case 'deleteGroup':
      return { method: 'deleteGroup', groupId: groupId(f('groupID')) };
    case 'setContact':
      return {
        method: 'setContact',
        uri: sipUri(f('URI')),
        displayName: f('displayName'),
        groups: f('groups')
          .split(/\s+/)
          .filter((g) => g !== '')
          .map(groupId),
        subscribed: f('subscribed').trim() !== 'false',
      };
    case 'deleteContact':
      return { method: 'deleteContact', uri: sipUri(f('URI')) };
    default:
      return { method: localName(call), other: true };
  }
}

export function encodeContactSoap(r: ContactSoapRequest, deltaNum?: number): string {
  let args: string;
  switch (r.method) {
    case 'addGroup':
      args = `<m:name>${escapeText(r.name)}</m:name><m:externalURI />`;
      break;
    case 'modifyGroup':
      args = `<m:groupID>${r.groupId}</m:groupID><m:name>${escapeText(r.name)}</m:name><m:externalURI />`;
      break;
    case 'deleteGroup':
      args = `<m:groupID>${r.groupId}</m:groupID>`;
      break;
    case 'setContact':
      args =
        `<m:displayName>${escapeText(r.displayName)}</m:displayName><m:groups>${r.groups.join(' ')}</m:groups>` +
        `<m:subscribed>${r.subscribed}</m:subscribed><m:URI>${escapeText(r.uri)}</m:URI><m:externalURI />`;
      break;
    case 'deleteContact':
      args = `<m:URI>${escapeText(r.uri)}</m:URI>`;
      break;
  }
  const delta = deltaNum === undefined ? '' : `<m:deltaNum>${deltaNum}</m:deltaNum>`;
  return (
    `<s:Envelope xmlns:s="${NS_SOAP_ENVELOPE}" xmlns:m="${NS_SOAP_SIP}"><s:Body>` +
    `<m:${r.method}>${args}${delta}</m:${r.method}></s:Body></s:Envelope>`
  );
}

/** The answer body: `<method>` with the given result elements (addGroup: groupID). */
export function encodeContactSoapResponse(
  method: ContactSoapMethod,
  result: Record<string, string | number> = {},
): string {
  let inner = '';
  for (const [k, v] of Object.entries(result)) inner += `<m:${k}>${escapeText(String(v))}</m:${k}>`;
  return (
    `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${NS_SOAP_ENVELOPE}"><SOAP-ENV:Body>` +
    `<m:${method} xmlns:m="${NS_SOAP_SIP}">${inner}</m:${method}></SOAP-ENV:Body></SOAP-ENV:Envelope>`
  );
}

/** The new group's id in an addGroup answer, or null. */
export function decodeAddGroupResponse(body: string): number | null {
  const env = parseBody(body, CT_SOAP);
  const id = text(kid(kid(kid(env, 'Body'), 'addGroup'), 'groupID')).trim();
  return /^\d+$/.test(id) ? Number(id) : null;
}
