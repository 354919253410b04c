// A user's roaming contact list (PC-86: "the user endpoint ... retrieves presence and contact
// information"): groups and contacts kept on the server, so every endpoint of the user sees the same list.
// `deltaNum` counts the list's versions ([MS-SIP] roaming contacts): every change adds one.
import type { PrincipalUri } from './principal.js';

export interface ContactGroup {
  /** Positive, unique within one user's list, never reused while the group exists. */
  id: number;
  /** `~` is the default group ("Other Contacts" in the clients). */
  name: string;
}

export interface ContactListEntry {
  /** `sip:user@domain`, lower-cased. */
  uri: PrincipalUri;
  /** The name the user gave the contact ('' for none). */
  name: string;
  /** Ids of the groups the contact is in (at least one). */
  groups: number[];
  /** Whether the user's clients subscribe to the contact's presence. */
  subscribed: boolean;
}

export interface ContactList {
  deltaNum: number;
  groups: ContactGroup[];
  contacts: ContactListEntry[];
}

/** What one change did to a list, for the notifications to the user's other endpoints. */
export interface ContactListChange {
  deltaNum: number;
  addedGroups: ContactGroup[];
  modifiedGroups: ContactGroup[];
  deletedGroups: number[];
  addedContacts: ContactListEntry[];
  modifiedContacts: ContactListEntry[];
  deletedContacts: PrincipalUri[];
}

/** Most groups and contacts one list may hold (Lync's front end limits a contact list the same way). */
export const CONTACT_LIMITS = { groups: 64, contacts: 1_000, nameLength: 256 } as const;

export function emptyChange(deltaNum: number): ContactListChange {
  return {
    deltaNum,
    addedGroups: [],
    modifiedGroups: [],
    deletedGroups: [],
    addedContacts: [],
    modifiedContacts: [],
    deletedContacts: [],
  };
}
