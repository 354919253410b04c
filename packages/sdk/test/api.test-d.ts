// Compile-time tests of the public API (checked by `npx tsc -p tsconfig.json --noEmit`, never run):
// the shapes users rely on, and the mistakes the types must refuse (`@ts-expect-error`).
import {
  ApplicationEndpoint,
  CollaborationPlatform,
  FormattedOutboundChatMessage,
  PersistentChatEndpoint,
  UserEndpoint,
  webSocketTransport,
  type ChatRoomSession,
  type PersistentChatError,
  type ChatMessage,
  type ChatRoomSnapshot,
  type LocalEndpointState,
  type PersistentChatErrorCode,
  type PersistentChatEndpointState,
  type ProvisioningData,
  type ChatHistoryResult,
  type PersistentChatServerConfiguration,
  type ChatRoom,
  type AvailabilityWord,
  type ContactGroup,
  type ContactList,
  type RemotePresence,
} from '../src/index.js';
import { tcpTransport, tlsTransport } from '../src/node/index.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function expectType<T>(_v: T): void {}
function assertTrue<_T extends true>(): void {}

declare const platform: CollaborationPlatform;
declare const user: UserEndpoint;
declare const app: ApplicationEndpoint;
declare const chat: PersistentChatEndpoint;
declare const session: ChatRoomSession;

export async function api(): Promise<void> {
  // Platforms: client mode with any transport; server mode with mutual TLS.
  new CollaborationPlatform({ applicationName: 'x', transport: tcpTransport() });
  new CollaborationPlatform({
    mode: 'server',
    applicationName: 'x',
    transport: tlsTransport({ cert: '', key: '', ca: '' }),
  });
  new CollaborationPlatform({ applicationName: 'x', transport: webSocketTransport() });
  // @ts-expect-error a transport is required
  new CollaborationPlatform({ applicationName: 'x' });

  // Endpoints.
  new UserEndpoint(platform, { ownerUri: 'sip:a@b', server: 'h:5060', credentials: { password: 'p' } });
  // @ts-expect-error a UserEndpoint needs credentials
  new UserEndpoint(platform, { ownerUri: 'sip:a@b', server: 'h:5060' });
  new ApplicationEndpoint(platform, {
    ownerUri: 'sip:a@b',
    server: ['h1:5061', 'h2:5061'],
    backoff: { maxMs: 10_000 },
  });
  expectType<Promise<void>>(user.establish());
  expectType<Promise<ProvisioningData>>(app.getProvisioningData());
  assertTrue<Equal<typeof user.state, LocalEndpointState>>();
  user.on('stateChanged', (e) => {
    expectType<LocalEndpointState>(e.state);
    expectType<PersistentChatError | undefined>(e.reason);
  });
  // @ts-expect-error unknown event name
  user.on('stateChange', () => {});

  // Chat endpoint.
  const c = new PersistentChatEndpoint('sip:pchat@b', app, { actAs: 'sip:u@b' });
  expectType<PersistentChatEndpointState>(c.state);
  assertTrue<Equal<PersistentChatEndpoint['state'], PersistentChatEndpointState>>();
  chat.on('chatRoomInvitationReceived', (e) => expectType<ChatRoomSnapshot>(e.invitation.chatRoom));
  chat.on('connectionStateChanged', (e) => expectType<PersistentChatEndpointState>(e.state));
  expectType<ChatRoomSession | undefined>(chat.getChatRoomSession('Lobby'));
  expectType<Promise<ChatRoomSnapshot[]>>(chat.persistentChatServices.browseChatRoomsByCriteria('x'));
  expectType<Promise<ChatHistoryResult[]>>(
    chat.persistentChatServices.queryChatHistory(['ma-chan://b/1'], { searchString: 'x', resultLimit: 5 }),
  );
  expectType<PersistentChatServerConfiguration>(chat.persistentChatServices.serverConfiguration);
  expectType<Promise<string>>(
    chat.persistentChatServices.chatRoomManagementServices.createChatRoom({
      name: 'n',
      parentCategoryUri: 'ma-cat://b/1',
    }),
  );
  const mgmt = chat.persistentChatServices.chatRoomManagementServices;
  void mgmt.getChatRoom('ma-chan://b/1').then((room) => {
    expectType<number | null>(room.version);
    expectType<Promise<ChatRoom>>(mgmt.updateChatRoom(room, { addInId: null }));
    expectType<Promise<ChatRoom>>(mgmt.updateChatRoom('ma-chan://b/1', { addInId: 'wiki' }));
  });
  void chat.persistentChatServices.chatRoomManagementServices.addUsersOrGroupsToRole(
    // @ts-expect-error Creator is not a role the SDK may edit (PC-84)
    'creator',
    'ma-chan://b/1',
    [],
  );

  // Sessions.
  expectType<Promise<ChatMessage>>(session.sendChatMessage('hi', { alert: true }));
  expectType<Promise<ChatMessage>>(
    session.sendChatMessage(new FormattedOutboundChatMessage().appendEmoticon('Smile')),
  );
  // @ts-expect-error not an emoticon the server knows
  new FormattedOutboundChatMessage().appendEmoticon('Party');
  session.on('chatMessageReceived', (e) => {
    expectType<string | null>(e.message.messageId);
    expectType<boolean>(e.catchUp);
  });
  session.on('participantAttendanceChanged', (e) => expectType<boolean>(e.isActive));

  // Presence and contacts: a UserEndpoint has them; an ApplicationEndpoint's are typed `never` (refused at once).
  await user.localOwnerPresence.publish({ availability: 'busy', note: 'x' });
  await user.localOwnerPresence.publish({ availability: 6500 });
  // @ts-expect-error not an availability word
  await user.localOwnerPresence.publish({ availability: 'sleeping' });
  const view = user.createPresenceView();
  view.on('presenceChanged', (p) => {
    expectType<RemotePresence>(p);
    expectType<AvailabilityWord>(p.state);
  });
  expectType<Promise<RemotePresence[]>>(view.subscribe(['sip:b@x']));
  expectType<Promise<ContactList>>(user.contactGroupServices.getContacts());
  expectType<Promise<ContactGroup>>(user.contactGroupServices.addGroup('Team'));
  assertTrue<Equal<typeof app.localOwnerPresence, never>>();
  assertTrue<Equal<typeof app.contactGroupServices, never>>();

  // Errors.
  const code: PersistentChatErrorCode = 'NotAUserPrincipal';
  // @ts-expect-error not a code
  const bad: PersistentChatErrorCode = 'NotACode';
  void code;
  void bad;
}
