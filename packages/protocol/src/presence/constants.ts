// Event packages, content types and namespaces of presence and roaming contact lists, as Lync's front end
// serves them ([MS-SIP] 2.2 roaming contacts and SOAP, [MS-PRES] 2.2 categories, publication, batch
// subscription). pidgin-sipe subscribes only to the events the REGISTER 200 OK lists in Allow-Events.

export const EVENT_ROAMING_CONTACTS = 'vnd-microsoft-roaming-contacts';
export const EVENT_ROAMING_SELF = 'vnd-microsoft-roaming-self';
export const EVENT_ROAMING_ACL = 'vnd-microsoft-roaming-ACL';
export const EVENT_PRESENCE = 'presence';

export const CT_ROAMING_CONTACTS = 'application/vnd-microsoft-roaming-contacts+xml';
export const CT_ROAMING_SELF = 'application/vnd-microsoft-roaming-self+xml';
export const CT_ROAMING_ACLS = 'application/vnd-microsoft-roaming-acls+xml';
export const CT_CATEGORY_PUBLISH = 'application/msrtc-category-publish+xml';
export const CT_EVENT_CATEGORIES = 'application/msrtc-event-categories+xml';
export const CT_BATCH_SUBSCRIBE = 'application/msrtc-adrl-categorylist+xml';
export const CT_SET_CONTAINER_MEMBERS = 'application/msrtc-setcontainermembers+xml';
export const CT_SET_SUBSCRIBERS = 'application/msrtc-presence-setsubscriber+xml';
export const CT_SOAP = 'application/soap+xml';
export const CT_RLMI = 'application/rlmi+xml';

export const NS_CATEGORIES = 'http://schemas.microsoft.com/2006/09/sip/categories';
export const NS_STATE = 'http://schemas.microsoft.com/2006/09/sip/state';
export const NS_NOTE = 'http://schemas.microsoft.com/2006/09/sip/note';
export const NS_ROAMING_SELF = 'http://schemas.microsoft.com/2006/09/sip/roaming-self';
export const NS_CONTACT_LIST = 'http://schemas.microsoft.com/2006/09/sip/contactlist';
export const NS_SOAP_ENVELOPE = 'http://schemas.xmlsoap.org/soap/envelope/';
export const NS_SOAP_SIP = 'http://schemas.microsoft.com/winrtc/2002/11/sip';
export const NS_RLMI = 'urn:ietf:params:xml:ns:rlmi';
export const NS_XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/**
 * [MS-PRES] 3.7.5.5 availability values: the number a `state` category carries. Clients read ranges
 * (3000-4499 available, 4500-5999 idle, 6000-7499 busy, 7500-8999 busy-idle, 9000-11999 do not
 * disturb, 12000-14999 be right back, 15000-17999 away, 18000 and above offline).
 */
export const AVAILABILITY = {
  online: 3500,
  idle: 5000,
  busy: 6500,
  doNotDisturb: 9500,
  beRightBack: 12500,
  away: 15500,
  offline: 18500,
} as const;

/** [MS-PRES] 3.7.5.5 ranges as one word (what the SDK and the web app show). */
export type AvailabilityWord =
  'online' | 'idle' | 'busy' | 'do-not-disturb' | 'be-right-back' | 'away' | 'offline';

export function availabilityWord(n: number): AvailabilityWord {
  if (n < 3000) return 'offline';
  if (n < 4500) return 'online';
  if (n < 6000) return 'idle';
  if (n < 9000) return 'busy';
  if (n < 12000) return 'do-not-disturb';
  if (n < 15000) return 'be-right-back';
  if (n < 18000) return 'away';
  return 'offline';
}

export function availabilityOf(word: AvailabilityWord): number {
  switch (word) {
    case 'online':
      return AVAILABILITY.online;
    case 'idle':
      return AVAILABILITY.idle;
    case 'busy':
      return AVAILABILITY.busy;
    case 'do-not-disturb':
      return AVAILABILITY.doNotDisturb;
    case 'be-right-back':
      return AVAILABILITY.beRightBack;
    case 'away':
      return AVAILABILITY.away;
    case 'offline':
      return AVAILABILITY.offline;
  }
}
