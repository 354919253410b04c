// Typed domain events (docs/architecture.md, house rule 5): services that change rooms publish what changed,
// after the transaction committed; room behaviours (kick on member removal PC-05, disconnect on disable
// PC-14, invitations PC-12) hook on these instead of branching inside a room class.
import type { PrincipalUri } from '../model/principal.js';
import type { Category, Invitation, Room } from '../model/room.js';
import type { PresenceState } from '../model/presence.js';
import type { ContactListChange } from '../model/contacts.js';

export type DomainEvent =
  | { type: 'CategoryCreated'; category: Category }
  | { type: 'CategoryUpdated'; category: Category; before: Category }
  | { type: 'CategoryDeleted'; category: Category }
  | { type: 'RoomCreated'; room: Room }
  | { type: 'RoomUpdated'; room: Room; before: Room }
  /** Role entries that left a room's lists (explicit edit, a move, or a narrowed scope): kick removed members (PC-05). */
  | {
      type: 'MembersRemoved';
      room: Room;
      members: PrincipalUri[];
      managers: PrincipalUri[];
      presenters: PrincipalUri[];
      reason: 'edit' | 'categoryChange' | 'scopeNarrowed';
    }
  /** PC-14: disconnect everyone joined. */
  | { type: 'RoomDisabled'; room: Room }
  | { type: 'RoomEnabled'; room: Room }
  | { type: 'RoomMoved'; room: Room; from: Category; to: Category }
  | { type: 'RoomDeleted'; room: Room }
  | { type: 'InvitationsCreated'; room: Room; invitations: Invitation[] }
  /**
   * A directory sync changed users' standing (PC-26): `users` changed themselves (OU, disabled, gone, a
   * direct membership); `groups` gained or lost members, so everyone below them may have too. Open
   * sessions of these users (or whose ancestry names one of the groups) rebuild their actor; rooms they may
   * no longer join drop them (PC-05), and disabled or gone users' sessions end.
   */
  | { type: 'DirectoryChanged'; users: PrincipalUri[]; groups: PrincipalUri[]; disabled: PrincipalUri[] }
  /**
   * Presence and contact lists between the nodes of a pool (docs/presence.md): a user's aggregated presence
   * changed, or a user's contact list changed (their endpoints on other nodes are told). Room behaviours
   * ignore both.
   */
  | { type: 'PresenceChanged'; uri: PrincipalUri; state: PresenceState; accessChanged?: true }
  | { type: 'ContactListChanged'; owner: PrincipalUri; change: ContactListChange };

export interface DomainEventSink {
  publish(event: DomainEvent): void;
}

/** A sink that drops everything (default when the caller passes none). */
export const NO_EVENTS: DomainEventSink = { publish: () => undefined };
