// fast-check arbitraries for the XCCOS model: every value they produce is something the codec must
// carry unchanged (encode → decode = identity). Strings are any Unicode the XML 1.0 Char production allows.
import fc from 'fast-check';
import type {
  ChatMessage,
  HistoryQuery,
  Invitation,
  JoinedRoom,
  MessagePart,
  Principal,
  RoomDetails,
  RoomQuery,
  RoomSummary,
  ServerItem,
  XccosCommand,
  XccosNotice,
  XccosReply,
} from '../../src/xccos/index.js';
import { hasIllegalXmlChar } from '../../src/xccos/index.js';

type Arbs<T> = { [K in keyof T]: fc.Arbitrary<T[K]> };

/** fc.record with ordinary prototypes (deepStrictEqual compares prototypes; decoders build plain objects). */
function record<T extends object>(model: Arbs<T>): fc.Arbitrary<T> {
  return fc.record(model as { [K in keyof T]: fc.Arbitrary<T[K]> }, {
    noNullPrototype: true,
  }) as fc.Arbitrary<T>;
}

/** A record whose `req` keys are always present and whose `opt` keys are present or absent (never undefined). */
function rec<R extends object, O extends object>(req: Arbs<R>, opt: Arbs<O>): fc.Arbitrary<R & Partial<O>> {
  const all = { ...req, ...opt } as unknown as Arbs<R & O>;
  return fc.record(all, {
    requiredKeys: Object.keys(req) as (keyof (R & O))[],
    noNullPrototype: true,
  }) as unknown as fc.Arbitrary<R & Partial<O>>;
}

export const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !hasIllegalXmlChar(s));
const label = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,15}$/);
const domain = fc.stringMatching(
  /^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?){0,2}$/,
);
const roomValue = fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@/-]{1,20}$/);
export const roomUri = fc.tuple(domain, roomValue).map(([d, v]) => `ma-chan://${d}/${v}`);
export const categoryUri = fc.tuple(domain, fc.uuid()).map(([d, v]) => `ma-cat://${d}/${v}`);
export const userUri = fc
  .tuple(fc.stringMatching(/^[a-z0-9][a-z0-9._-]{0,9}$/), domain)
  .map(([u, d]) => `sip:${u}@${d}`);
export const date = fc.date({
  min: new Date('1970-01-01T00:00:00Z'),
  max: new Date('2999-12-31T23:59:59Z'),
  noInvalidDate: true,
});
const nat = fc.nat({ max: 1_000_000_000 });
const envid = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map(String);
const privacy = fc.constantFrom('open' as const, 'closed' as const, 'secret' as const);
const behavior = fc.constantFrom('normal' as const, 'auditorium' as const);
const invitations = fc.constantFrom('inherit' as const, 'false' as const);
const role = fc.constantFrom('member' as const, 'manager' as const, 'presenter' as const);
const users = fc.array(userUri, { maxLength: 4 });

const part: fc.Arbitrary<MessagePart> = fc.oneof(
  record({ kind: fc.constant('text' as const), text }),
  record({ kind: fc.constant('link' as const), text, href: text }),
  record({ kind: fc.constant('room' as const), text, uri: roomUri }),
  record({ kind: fc.constant('emoticon' as const), text, name: label }),
  rec({ kind: fc.constant('file' as const), text, uri: text, name: text }, { size: nat }),
);

export const message: fc.Arbitrary<ChatMessage> = rec(
  { chanUri: roomUri, author: userUri, ts: date, text },
  {
    messageId: fc.stringMatching(/^[0-9]{1,12}$/),
    alert: fc.constant(true),
    storyTitle: text,
    rtf: text,
    parts: fc.array(part, { maxLength: 4 }),
  },
);

const roomSummary: fc.Arbitrary<RoomSummary> = rec(
  { uri: roomUri, name: text },
  {
    description: text,
    userCount: nat,
    visibility: fc.constantFrom('public' as const, 'private' as const),
    logged: fc.boolean(),
    invite: fc.boolean(),
    filepost: fc.boolean(),
  },
);

const joinedRoom: fc.Arbitrary<JoinedRoom> = rec(
  { uri: roomUri, name: text, members: users, managers: users },
  {
    topic: text,
    description: text,
    presenters: users,
    logged: fc.boolean(),
    invite: fc.boolean(),
    filepost: fc.boolean(),
    privacy,
    behavior,
  },
);

const roomSettingsFields = {
  description: text,
  privacy,
  behavior,
  invitations,
  topic: text,
  addinId: label,
  disabled: fc.boolean(),
  members: users,
  managers: users,
  presenters: users,
};
const newRoom: fc.Arbitrary<Omit<RoomDetails, 'uri' | 'version'>> = rec(
  { name: text, categoryUri },
  roomSettingsFields,
);
/** pchat-updateroom and rpl:pchat-getroom: with or without a version (older clients and servers send none). */
const roomDetails: fc.Arbitrary<RoomDetails> = rec(
  { uri: roomUri, name: text, categoryUri },
  { ...roomSettingsFields, version: nat },
);

const roomQuery: fc.Arbitrary<RoomQuery> = fc.oneof(
  rec(
    { qtype: fc.constant('BYNAME' as const), criteria: text, extended: fc.boolean() },
    { matchAll: fc.boolean(), exactPhrase: fc.boolean() },
  ),
  record({ qtype: fc.constant('BYCAT' as const), categoryUri }),
  rec({ qtype: fc.constant('BYINV' as const) }, { lastInviteId: nat }),
  record({ qtype: fc.constant('BYJOINEDUSER' as const), userUri }),
  record({ qtype: fc.constantFrom('MANAGED' as const, 'MEMBER' as const) }),
  record({
    qtype: fc.constant('BYFILTER' as const),
    filter: rec(
      {},
      {
        terms: text,
        searchDescription: fc.boolean(),
        memberUri: userUri,
        managerUri: userUri,
        categoryUri,
        addinId: label,
        disabled: fc.boolean(),
        privacy,
        behavior,
        invitations,
      },
    ),
  }),
);

const historyQuery: fc.Arbitrary<HistoryQuery> = rec(
  { rooms: fc.array(roomUri, { maxLength: 3 }) },
  {
    terms: text,
    exactPhrase: fc.boolean(),
    caseSensitive: fc.boolean(),
    authors: fc.array(userUri, { minLength: 1, maxLength: 3 }),
    from: date,
    to: date,
    startMessageId: label,
    searchReversed: fc.boolean(),
    sortReversed: fc.boolean(),
    limit: nat,
  },
);

const c = <T extends string>(t: T): fc.Arbitrary<T> => fc.constant(t);

export const command: fc.Arbitrary<XccosCommand> = fc.oneof(
  record({ type: c('requri') }),
  record({ type: c('getserverinfo'), domain, infoType: fc.stringMatching(/^[0-9]{1,4}$/) }),
  record({ type: c('getassociations'), role: fc.constantFrom('member' as const, 'manager' as const) }),
  rec({ type: c('chansrch'), query: roomQuery }, { maxResults: nat }),
  record({ type: c('join'), uri: roomUri }),
  record({ type: c('bjoin'), uris: fc.array(roomUri, { maxLength: 5 }) }),
  record({ type: c('part'), uri: roomUri }),
  rec({ type: c('bccontext'), uri: roomUri, count: nat }, { beforeMessageId: label }),
  record({ type: c('grpchat'), message }),
  record({ type: c('getinv'), inviteId: nat, domain }),
  rec({ type: c('getpref'), label }, { seqid: nat, createDefault: fc.boolean() }),
  record({ type: c('setpref'), label, seqid: nat, content: fc.base64String({ maxLength: 40 }) }),
  record({ type: c('nodespermcreatechild') }),
  record({ type: c('pchat-searchhist'), query: historyQuery }),
  record({ type: c('pchat-createroom'), room: newRoom }),
  record({ type: c('pchat-updateroom'), room: roomDetails }),
  record({ type: c('pchat-getroom'), uri: roomUri }),
  record({
    type: fc.constantFrom('pchat-addrole' as const, 'pchat-removerole' as const),
    uri: roomUri,
    role,
    principals: users,
  }),
  record({ type: c('pchat-getroles'), uri: roomUri, role }),
  rec({ type: c('pchat-findprincipals'), uri: roomUri, role, query: text }, { maxResults: nat }),
  record({ type: c('pchat-getperms'), uri: roomUri }),
  record({ type: c('pchat-getaddins') }),
  record({ type: c('pchat-getuser'), uris: users }),
  rec({ type: c('pchat-fileupload'), uri: roomUri, name: text, size: nat }, { contentType: label }),
  record({ type: c('pchat-filedownload'), uri: roomUri, fileUri: text }),
);

const principal: fc.Arbitrary<Principal> = rec(
  { uri: text },
  {
    name: text,
    type: fc.constantFrom('user' as const, 'group' as const, 'folder' as const, 'domain' as const),
  },
);
const invitation: fc.Arbitrary<Invitation> = record({ inviteId: nat, createdOn: date, room: roomSummary });

/** Success data per reply type. */
const replyData = {
  requri: record({ uri: userUri }),
  getserverinfo: rec(
    {
      serverTime: date,
      searchLimit: nat,
      messageSizeLimit: nat,
      storySizeLimit: nat,
      rootUri: categoryUri,
      dbVersion: fc.uuid(),
    },
    { infoType: label, displayName: text, roomManagementUrl: text, domain },
  ),
  getassociations: record({ rooms: fc.array(roomSummary, { maxLength: 3 }) }),
  chansrch: record({ rooms: fc.array(roomSummary, { maxLength: 3 }) }),
  join: record({ rooms: fc.array(joinedRoom, { maxLength: 1 }) }),
  bjoin: record({ rooms: fc.array(joinedRoom, { maxLength: 3 }) }),
  part: record({ uri: roomUri }),
  bccontext: record({ uri: roomUri, messages: fc.array(message, { maxLength: 3 }) }),
  getinv: record({ invitations: fc.array(invitation, { maxLength: 3 }) }),
  getpref: rec({}, { pref: record({ label, seqid: nat, content: fc.base64String({ maxLength: 40 }) }) }),
  setpref: record({ label, seqid: nat }),
  nodespermcreatechild: record({
    categories: fc.array(rec({ uri: categoryUri, name: text }, { description: text }), { maxLength: 3 }),
  }),
  'pchat-searchhist': record({
    results: fc.array(
      rec(
        { uri: roomUri, total: nat, exceeded: fc.boolean(), messages: fc.array(message, { maxLength: 2 }) },
        { name: text },
      ),
      { maxLength: 2 },
    ),
  }),
  'pchat-createroom': rec({ uri: roomUri }, { version: nat }),
  'pchat-updateroom': rec({ uri: roomUri }, { version: nat }),
  'pchat-getroom': record({ room: roomDetails }),
  'pchat-addrole': fc.constant({}),
  'pchat-removerole': fc.constant({}),
  'pchat-getroles': record({ principals: fc.array(principal, { maxLength: 3 }) }),
  'pchat-findprincipals': record({ principals: fc.array(principal, { maxLength: 3 }) }),
  'pchat-getperms': record({ uri: roomUri, permissions: fc.array(label, { maxLength: 4 }) }),
  'pchat-getaddins': record({
    addins: fc.array(record({ id: label, name: text, url: text }), { maxLength: 3 }),
  }),
  'pchat-getuser': record({ users: fc.array(principal, { maxLength: 3 }) }),
  'pchat-fileupload': record({ url: text, expires: date }),
  'pchat-filedownload': record({ url: text, expires: date }),
};

export const reply: fc.Arbitrary<XccosReply> = fc.oneof(
  ...Object.entries(replyData).map(([type, data]) =>
    fc.oneof(
      rec(
        {
          type: fc.constant(type),
          code: fc.constant(200),
          text: fc.constant('SUCCESS_OK'),
          data: data as fc.Arbitrary<unknown>,
        },
        { commandEnvid: envid },
      ),
      rec(
        { type: fc.constant(type), code: fc.integer({ min: 300, max: 599 }), text },
        { commandEnvid: envid },
      ),
    ),
  ),
) as fc.Arbitrary<XccosReply>;

export const notice: fc.Arbitrary<XccosNotice> = fc.oneof(
  record({
    type: fc.constantFrom('join' as const, 'bjoin' as const),
    user: userUri,
    rooms: fc.array(record({ uri: roomUri, manager: fc.boolean() }), { maxLength: 3 }),
  }),
  record({ type: c('part'), uri: roomUri, users }),
  record({ type: c('pchat-inv'), invitations: fc.array(invitation, { maxLength: 2 }) }),
);

export const serverItem: fc.Arbitrary<ServerItem> = fc.oneof(
  reply.map((r): ServerItem => ({ kind: 'reply', reply: r })),
  notice.map((n): ServerItem => ({ kind: 'notice', notice: n })),
  message.map((m): ServerItem => ({ kind: 'grpchat', message: m })),
);

export { envid };
