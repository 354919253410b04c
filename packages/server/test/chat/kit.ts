// Test kit for the chat service: a real SQLite store (temp file) seeded through the domain services, a
// chat service on it, and clients that send real XCCOS text (encoded by the protocol codec, so the whole
// decode path runs) and collect what their sink received, decoded back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import {
  CONFIG_DEFAULTS,
  createCategory,
  createRoom,
  updateRoom,
  type Actor,
  type Category,
  type ChatConfiguration,
  type Principal,
  type Room,
  type RoomPatch,
  type NewRoomInput,
  type ServiceDeps,
  type Store,
  type User,
} from '@pchat/domain';
import { openStore } from '@pchat/storage';
import {
  parseXml,
  decodeServerEnvelope,
  encodeCommandEnvelope,
  type DecodedServerItem,
  type XccosCommand,
  type XccosNotice,
  type XccosReply,
  type ChatMessage as WireMessage,
} from '@pchat/protocol';
import {
  createChatService,
  type Bus,
  type ChatService,
  type ChatSessionHandle,
  type ChatSink,
  type CloseReason,
  type DialogKind,
  type OutboundLimits,
} from '../../src/chat/index.js';

export const DOMAIN = 'example.test';
export const POOL = 'pchat.example.test';
export const CHAT_URI = 'sip:pchat@example.test';
export const sip = (name: string): string => `sip:${name}@${DOMAIN}`;

const audit = { createdBy: null, createdOn: 0, updatedBy: null, updatedOn: 0 };

function user(name: string, extra: Partial<User> = {}): User {
  return {
    uri: sip(name),
    kind: 'user',
    guid: randomUUID(),
    displayName: name,
    audit,
    email: null,
    companyName: null,
    disabled: false,
    ou: null,
    domain: `ma-dom:${DOMAIN}`,
    siteId: null,
    policyTag: null,
    adminRoles: [],
    ...extra,
  };
}

export interface KitOptions {
  config?: Partial<ChatConfiguration>;
  outbound?: Partial<OutboundLimits>;
  /** A bus shared with other chat services on the same store (a pool of nodes in one process). */
  bus?: Bus;
}

/** The seeded world: users, a category of each flavour, rooms of each privacy and type. */
export interface World {
  general: Category;
  noHistory: Category;
  invites: Category;
  open: Room;
  closed: Room;
  secret: Room;
  auditorium: Room;
  ephemeral: Room;
  invitable: Room;
}

export class Kit {
  readonly clients: Client[] = [];
  private readonly extraNodes: ChatService[] = [];
  private constructor(
    readonly dir: string,
    readonly store: Store,
    readonly service: ChatService,
    readonly deps: ServiceDeps,
    readonly admin: Actor,
    readonly world: World,
  ) {}

  static async create(opts: KitOptions = {}): Promise<Kit> {
    const dir = mkdtempSync(join(tmpdir(), 'pchat-chat-'));
    const store = await openStore({ kind: 'sqlite', file: join(dir, 'pchat.db') });
    const principals: Principal[] = [
      {
        uri: `ma-dom:${DOMAIN}`,
        kind: 'domain',
        guid: randomUUID(),
        displayName: DOMAIN,
        name: DOMAIN,
        audit,
      },
      user('admin', { adminRoles: ['CsPersistentChatAdministrator'] }),
      ...['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina', 'hank', 'mallory'].map((n) => user(n)),
      user('dis', { disabled: true }),
      user('nopolicy', { policyTag: 'off' }),
      {
        uri: sip('bot'),
        kind: 'contact',
        guid: randomUUID(),
        displayName: 'bot',
        audit,
        contactType: 'application',
        poolFqdn: null,
        applicationId: 'app',
      },
      {
        uri: 'ma-grp:team@u.g',
        kind: 'group',
        guid: randomUUID(),
        displayName: 'team',
        audit,
        groupType: 'security',
      },
    ];
    for (const p of principals) await store.directory.insert(p);
    for (const m of ['carol', 'dave'])
      await store.directory.addGroupMember({ group: 'ma-grp:team@u.g', member: sip(m) });
    await store.topology.putPool({
      fqdn: POOL,
      domain: DOMAIN,
      chatServerUri: CHAT_URI,
      displayName: 'Test Pool',
      siteId: null,
      rootCategoryUri: `ma-cat://${DOMAIN}/root`,
      databaseVersion: '00000000-0000-0000-0000-000000000001',
      audit,
    });
    await store.topology.putPolicy({ identity: 'global', description: '', enablePersistentChat: true });
    await store.topology.putPolicy({ identity: 'tag:off', description: '', enablePersistentChat: false });
    await store.topology.putConfig({ identity: 'global', ...CONFIG_DEFAULTS, ...opts.config });

    const logger = pino({ level: 'silent' });
    const service = await createChatService({
      store,
      poolFqdn: POOL,
      logger,
      ...(opts.outbound ? { outbound: opts.outbound } : {}),
      ...(opts.bus ? { bus: opts.bus } : {}),
    });
    const deps: ServiceDeps = {
      store,
      clock: { now: () => Date.now() },
      ids: { uuid: () => randomUUID() },
      events: service.events,
    };
    const admin: Actor = {
      uri: sip('admin'),
      kind: 'user',
      disabled: false,
      ancestry: new Set([sip('admin'), `ma-dom:${DOMAIN}`]),
      enabledByPolicy: true,
      isChatAdmin: true,
    };
    const domainScope = {
      allowedMembers: [`ma-dom:${DOMAIN}`],
      deniedMembers: [sip('mallory')],
      creators: [sip('admin')],
    };
    const general = await createCategory(deps, admin, { name: 'General', ...domainScope });
    const noHistory = await createCategory(deps, admin, {
      name: 'Announcements',
      ...domainScope,
      chatHistory: false,
    });
    const invites = await createCategory(deps, admin, {
      name: 'Projects',
      ...domainScope,
      invitations: true,
    });
    const room = (input: Omit<NewRoomInput, 'categoryId'>, c: Category = general): Promise<Room> =>
      createRoom(deps, admin, { categoryId: c.id, creatorIsManager: false, ...input });
    const world: World = {
      general,
      noHistory,
      invites,
      open: await room({
        name: 'Lobby',
        description: 'everyone welcome',
        privacy: 'Open',
        managers: [sip('alice')],
      }),
      closed: await room({
        name: 'Team Room',
        description: 'the team',
        privacy: 'Closed',
        members: [sip('alice'), sip('bob'), 'ma-grp:team@u.g'],
      }),
      secret: await room({
        name: 'Hidden Den',
        description: 'secret plans',
        privacy: 'Secret',
        members: [sip('alice')],
      }),
      auditorium: await room({
        name: 'Town Hall',
        privacy: 'Closed',
        type: 'Auditorium',
        members: [sip('alice'), sip('bob')],
        presenters: [sip('alice')],
      }),
      ephemeral: await room({ name: 'Flash', privacy: 'Open' }, noHistory),
      invitable: await room({ name: 'Project X', privacy: 'Closed', members: [sip('alice')] }, invites),
    };
    await service.events.idle();
    return new Kit(dir, store, service, deps, admin, world);
  }

  /** Another chat service (node) on the same store and the given bus. */
  async node(bus: Bus): Promise<ChatService> {
    const s = await createChatService({
      store: this.store,
      poolFqdn: POOL,
      logger: pino({ level: 'silent' }),
      bus,
    });
    this.extraNodes.push(s);
    return s;
  }

  /** Opens a session for `name` (a short user name or a full URI) with a recording sink. */
  async connect(
    name: string,
    opts: { epid?: string; dialog?: DialogKind; slow?: boolean; service?: ChatService } = {},
  ): Promise<Client> {
    const c = new Client(name.includes(':') ? name : sip(name), opts.slow ?? false);
    c.handle = await (opts.service ?? this.service).open(
      { uri: c.uri, epid: opts.epid ?? randomUUID().slice(0, 12) },
      c.sink,
      opts.dialog ?? 'chat',
    );
    this.clients.push(c);
    return c;
  }

  /** An admin change through the domain service; resolves after the behaviours ran. */
  async updateRoom(room: Room, patch: RoomPatch): Promise<Room> {
    const current = (await this.store.rooms.getRoom(room.id)) as Room;
    const saved = await updateRoom(this.deps, this.admin, room.id, current.version, patch);
    await this.service.events.idle();
    return saved;
  }

  async close(): Promise<void> {
    for (const n of this.extraNodes) await n.close();
    await this.service.close();
    await this.store.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface RawReply {
  id: string;
  envid: string | undefined;
  code: number;
  text: string;
}

export class Client {
  handle!: ChatSessionHandle;
  /** Raw bodies, in order. */
  readonly bodies: string[] = [];
  closedWith: CloseReason | null = null;
  private envid = 1000;

  constructor(
    readonly uri: string,
    private readonly slow: boolean,
  ) {}

  readonly sink: ChatSink = {
    send: (body: string) => {
      this.bodies.push(body);
      return !this.slow; // a slow receiver reports backpressure and never drains
    },
    close: (reason: CloseReason) => {
      this.closedWith = reason;
    },
  };

  /** Encodes the command with the codec and hands it to the session; resolves once it was handled. */
  send(command: XccosCommand): Promise<void> {
    return this.handle.receive(encodeCommandEnvelope(++this.envid, command));
  }

  get lastEnvid(): string {
    return String(this.envid);
  }

  sendRaw(body: string): Promise<void> {
    return this.handle.receive(body);
  }

  /** Every item received, decoded back with the codec. */
  items(): DecodedServerItem[] {
    return this.bodies.flatMap((b) => decodeServerEnvelope(b).items);
  }

  replies(type?: string): XccosReply[] {
    return this.items().flatMap((i) =>
      i.kind === 'reply' && (type === undefined || i.reply.type === type) ? [i.reply] : [],
    );
  }

  lastReply(type?: string): XccosReply {
    const r = this.replies(type).at(-1);
    if (!r) throw new Error(`${this.uri} received no reply${type ? ` of type ${type}` : ''}`);
    return r;
  }

  /** Every `<rpl>` as raw fields (also ids the codec does not model, such as rpl:grpchat and rpl:error). */
  rawReplies(): RawReply[] {
    const out: RawReply[] = [];
    for (const b of this.bodies) {
      for (const el of parseXml(b).getChildren('rpl')) {
        const resp = el.getChild('resp');
        const cmd = el.getChild('commandid');
        out.push({
          id: String(el.attrs.id),
          envid: cmd ? String(cmd.attrs.envid) : undefined,
          code: resp ? Number(resp.attrs.code) : 500,
          text: resp ? resp.getText() : '',
        });
      }
    }
    return out;
  }

  lastRaw(): RawReply {
    const r = this.rawReplies().at(-1);
    if (!r) throw new Error(`${this.uri} received no reply`);
    return r;
  }

  /** Error replies to commands the codec or this kit does not model (rpl:error, rpl:grpchat, rpl:frobnicate). */
  unknownReplies(): Array<{ id?: string }> {
    return this.items().flatMap((i) =>
      i.kind === 'unknown' && i.element === 'rpl' ? [i.id === undefined ? {} : { id: i.id }] : [],
    );
  }

  notices(type?: XccosNotice['type']): XccosNotice[] {
    return this.items().flatMap((i) =>
      i.kind === 'notice' && (type === undefined || i.notice.type === type) ? [i.notice] : [],
    );
  }

  messages(): WireMessage[] {
    return this.items().flatMap((i) => (i.kind === 'grpchat' ? [i.message] : []));
  }

  texts(): string[] {
    return this.messages().map((m) => m.text);
  }

  clear(): void {
    this.bodies.length = 0;
  }

  /** Joins a room and returns the reply. */
  async join(room: Room): Promise<XccosReply> {
    await this.send({ type: 'join', uri: room.uri });
    return this.lastReply('join');
  }

  post(room: Room, text: string, extra: Partial<WireMessage> = {}): Promise<void> {
    return this.send({
      type: 'grpchat',
      message: { chanUri: room.uri, author: this.uri, ts: new Date(), text, ...extra },
    });
  }
}

/** Lets queued async work (a catch-up read, a deferred drop) finish; bounded by turns, not by time. */
export async function settle(until: () => boolean, turns = 1000): Promise<void> {
  for (let i = 0; i < turns && !until(); i++) await new Promise((r) => setImmediate(r));
}

/** Error code and text of the last reply of a type. */
export function respOf(r: XccosReply): { code: number; text: string } {
  return { code: r.code, text: r.text };
}
