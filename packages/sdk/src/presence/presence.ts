// Presence for a UserEndpoint (PC-86; UCMA LocalOwnerPresence and RemotePresenceView): publish one's own
// availability and note, and watch many people with one batched subscription ([MS-PRES] 3.7.5.2) whose
// changes arrive as typed events. Availability is the [MS-PRES] number; `state` says it in one word.
import {
  AVAILABILITY,
  CT_BATCH_SUBSCRIBE,
  CT_CATEGORY_PUBLISH,
  EVENT_PRESENCE,
  availabilityOf,
  availabilityWord,
  decodePresenceBody,
  encodeBatchSubscribe,
  encodeCategoryPublish,
  generateCallId,
  generateTag,
  normaliseSipUri,
  type AvailabilityWord,
} from '@pchat/protocol';
import { PersistentChatError } from '../errors.js';
import { TypedEventTarget } from '../events.js';
import type { LocalEndpoint } from '../endpoints/local-endpoint.js';
import { errorFromResponse } from '../sip/diagnostics.js';
import { EventSubscription } from './subscription.js';

export type { AvailabilityWord } from '@pchat/protocol';

/** What one publishes about oneself. */
export interface PresencePublication {
  /** A word (`online`, `busy`, `away`, ...) or the [MS-PRES] availability number. */
  availability: AvailabilityWord | number;
  /** The personal note; null or '' clears it; undefined clears it too (a publication replaces the last). */
  note?: string | null;
}

/** Someone's presence as this user may see it. */
export interface RemotePresence {
  /** `sip:user@domain`. */
  uri: string;
  /** [MS-PRES] 3.7.5.5 availability (18500 = offline or not visible). */
  availability: number;
  state: AvailabilityWord;
  note: string | null;
  /** When it last changed (epoch 0 when never). */
  since: Date;
}

/** Refuses at once on an endpoint that is not a user's (PC-87: application endpoints cannot). */
export function requireUserEndpoint(endpoint: LocalEndpoint, what: string): void {
  if (endpoint.trusted)
    throw new PersistentChatError(
      'InvalidFlowOfOperations',
      `An ApplicationEndpoint cannot ${what}: application endpoints act for others and have no presence or contact list of their own. Use a UserEndpoint signed in as the user.`,
      { operation: what },
    );
}

/**
 * Sends a SERVICE to the endpoint owner's own address (presence publication, contact list SOAP, access
 * containers: [MS-PRES], [MS-SIP]) and resolves with the answer's body; a refusal throws.
 */
export async function sendService(
  endpoint: LocalEndpoint,
  operation: string,
  body: string,
  contentType: string,
): Promise<string> {
  const ua = endpoint.requireUa(operation);
  const req = ua.build({
    method: 'SERVICE',
    uri: endpoint.ownerUri,
    from: `<${endpoint.ownerUri}>;tag=${generateTag()}`,
    to: `<${endpoint.ownerUri}>`,
    callId: generateCallId(),
    cseq: 1,
    headers: [{ name: 'Contact', value: endpoint.contactValue() }],
    body,
    contentType,
  });
  const res = await ua.send(req, { timeoutMs: endpoint.platform.timeouts.requestMs, operation });
  if (res.status >= 300) throw errorFromResponse(res, operation);
  return res.body;
}

/** The endpoint owner's own presence (UCMA LocalOwnerPresence). */
export class LocalOwnerPresence {
  constructor(private readonly endpoint: LocalEndpoint) {
    requireUserEndpoint(endpoint, 'publish presence');
  }

  /** Publishes availability and note (SERVICE with a category publication). */
  async publish(p: PresencePublication): Promise<void> {
    const availability = typeof p.availability === 'number' ? p.availability : availabilityOf(p.availability);
    if (!Number.isInteger(availability) || availability < 0)
      throw new PersistentChatError('InvalidArgument', `${p.availability} is not an availability.`);
    const note = p.note === undefined || p.note === '' ? null : p.note;
    await sendService(
      this.endpoint,
      'publish presence',
      encodeCategoryPublish({ uri: this.endpoint.ownerUri, availability, note }),
      CT_CATEGORY_PUBLISH,
    );
  }
}

/** Events of a {@link RemotePresenceView}. */
export interface RemotePresenceViewEvents {
  /** Someone's presence changed (also fired for the first state after subscribe()). */
  presenceChanged: RemotePresence;
}

/** A view of many people's presence over one subscription (UCMA RemotePresenceView). */
export class RemotePresenceView extends TypedEventTarget<RemotePresenceViewEvents> {
  private readonly sub: EventSubscription;
  private readonly known = new Map<string, RemotePresence>();
  /** Everyone subscribe()d and not unsubscribe()d (subscribed again after a reconnection). */
  private readonly watching = new Set<string>();

  constructor(private readonly endpoint: LocalEndpoint) {
    super();
    requireUserEndpoint(endpoint, 'watch presence');
    this.sub = new EventSubscription(
      endpoint,
      EVENT_PRESENCE,
      'application/rlmi+xml, multipart/related, application/msrtc-event-categories+xml',
      (ct, body) => this.take(ct, body),
      () => this.batch('subscribe', [...this.watching]),
    );
  }

  /** The people watched and what is known of them. */
  get presences(): ReadonlyMap<string, RemotePresence> {
    return this.known;
  }

  /** The last known presence of `uri` (undefined when not watched). */
  get(uri: string): RemotePresence | undefined {
    return this.known.get(normaliseSipUri(uri));
  }

  /** Starts watching `uris` (one SUBSCRIBE for all); resolves with their presence now. */
  async subscribe(uris: readonly string[]): Promise<RemotePresence[]> {
    const resources = [...new Set(uris.map(normaliseSipUri))];
    await this.batch('subscribe', resources);
    for (const u of resources) this.watching.add(u);
    return resources.map((u) => this.known.get(u)!).filter((p) => p !== undefined);
  }

  /** Stops watching `uris`. */
  async unsubscribe(uris: readonly string[]): Promise<void> {
    const resources = [...new Set(uris.map(normaliseSipUri))];
    if (!this.sub.active) return;
    await this.batch('unsubscribe', resources);
    for (const u of resources) {
      this.known.delete(u);
      this.watching.delete(u);
    }
  }

  /** Ends the subscription. */
  async close(): Promise<void> {
    this.known.clear();
    this.watching.clear();
    await this.sub.close();
  }

  private batch(action: 'subscribe' | 'unsubscribe', resources: string[]): Promise<void> {
    const body = encodeBatchSubscribe(this.endpoint.ownerUri, { action, resources });
    return this.sub.send(`${action} presence`, body, CT_BATCH_SUBSCRIBE, [
      { name: 'Require', value: 'adhoclist, categoryList' },
      { name: 'Supported', value: 'eventlist' },
    ]);
  }

  private take(contentType: string, body: string): void {
    let views;
    try {
      views = decodePresenceBody(contentType, body);
    } catch {
      return; // a body this SDK cannot read changes nothing
    }
    for (const v of views) {
      const p: RemotePresence = {
        uri: v.uri.toLowerCase(),
        availability: v.availability,
        state: availabilityWord(v.availability),
        note: v.note,
        since: new Date(v.since),
      };
      this.known.set(p.uri, p);
      this.emit('presenceChanged', p);
    }
  }
}

/** The availability numbers by word, for callers who publish numbers. */
export const AVAILABILITY_VALUES = AVAILABILITY;
