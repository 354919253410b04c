// Presence as pchat keeps it (PC-86; [MS-PRES] 3.7.5.5 availability numbers): what the endpoints of a
// user published, aggregated into one state that watchers see.

/** One person's aggregated presence. `availability` null = offline (no endpoint publishes). */
export interface PresenceState {
  availability: number | null;
  note: string | null;
  /** Epoch ms of the last change. */
  since: number;
}

/** What one endpoint publishes; undefined = unchanged, null = withdrawn. */
export interface EndpointPublication {
  /** A state the user chose (busy, away, ...): it wins over every machine state. */
  userState?: number | null;
  /** What the endpoint itself reports (active, idle). */
  machineState?: number | null;
  note?: string | null;
}

/** Default availability of an endpoint that is signed in but published no state yet: online. */
export const DEFAULT_ONLINE_AVAILABILITY = 3500;
/** Availability a watcher sees for offline and for not visible: the same, so a block is no oracle. */
export const OFFLINE_AVAILABILITY = 18500;
/** Longest note kept (Lync clients cut personal notes at 512 characters). */
export const MAX_NOTE_LENGTH = 512;
