// CsPersistentChatCategory (PC-43), CsPersistentChatRoom (PC-44), content purge (PC-45), add-ins (PC-46).
import type { CmdletDef, ParamDef } from '../types.js';
import { byIdentity, defined, identity, ignored, pool } from './shared.js';

const PRIVACY = ['Open', 'Closed', 'Secret'] as const;
const TYPE = ['Normal', 'Auditorium'] as const;
const INVITATIONS = ['Inherit', 'False'] as const;

const roomFields: ParamDef[] = [
  { name: 'Description', type: 'string', help: 'free text' },
  { name: 'Privacy', type: 'enum', values: PRIVACY, help: 'Open, Closed (default) or Secret' },
  { name: 'Type', type: 'enum', values: TYPE, help: 'Normal (default) or Auditorium' },
  { name: 'Invitations', type: 'enum', values: INVITATIONS, help: 'Inherit (from the category, default) or False' },
  { name: 'Disabled', type: 'bool', help: 'disabled rooms cannot be joined or found' },
];

export const roomCmdlets: CmdletDef[] = [
  {
    name: 'Get-CsPersistentChatCategory', synopsis: 'Lists categories.', output: 'list',
    params: [identity('"<pool>\\<name>" or a name', false), pool, ignored('AsObject', 'switch'), ignored('LocalStore', 'switch')],
    call: (v) => ({ method: 'GET', path: '/v1/categories', query: defined(v) }),
  },
  {
    name: 'New-CsPersistentChatCategory', synopsis: 'Creates a category (rooms are added to it afterwards).', output: 'change', changes: true,
    params: [
      { name: 'Name', type: 'string', required: true, help: 'unique in the pool; never the name of a room' }, { name: 'Description', type: 'string', help: 'free text' }, pool,
      { name: 'EnableFileUpload', type: 'bool', help: 'allow file upload (default $false)' }, { name: 'EnableInvitations', type: 'bool', help: 'invitations for new members (default $false)' },
      { name: 'RemoveChatHistory', type: 'bool', help: '$true: messages are not kept (chat history off)' },
      { name: 'AllowedMembers', type: 'list', help: 'pchat: scope at creation (users, groups, OUs, domains)' },
      { name: 'DeniedMembers', type: 'list', help: 'pchat: exclusions at creation' }, { name: 'Creators', type: 'list', help: 'pchat: who may create rooms' },
    ],
    call: (v) => ({ method: 'POST', path: '/v1/categories', body: defined(v) }),
    examples: ['pchat New-CsPersistentChatCategory -Name IT -PersistentChatPoolFqdn pchat.example.test'],
  },
  {
    name: 'Set-CsPersistentChatCategory', synopsis: 'Changes a category; AllowedMembers, DeniedMembers and Creators are list edits.', output: 'change', changes: true, versioned: true,
    params: [
      identity('"<pool>\\<name>"'), { name: 'Name', type: 'string', help: 'new name' }, { name: 'Description', type: 'string', help: 'free text' },
      { name: 'AllowedMembers', type: 'listEdit', help: 'the scope: @{Add="ma-dom:example.test"}' }, { name: 'DeniedMembers', type: 'listEdit', help: 'exclusions (deny wins)' },
      { name: 'Creators', type: 'listEdit', help: 'who may create rooms (must be in scope)' },
      { name: 'ChatHistory', type: 'bool', help: 'keep messages' }, { name: 'FileUpload', type: 'bool', help: 'allow uploads' }, { name: 'Invitations', type: 'bool', help: 'send invitations' },
      ignored('Instance'), ignored('AsObject', 'switch'),
    ],
    call: (v) => ({ method: 'PATCH', path: '/v1/categories', body: defined(v), readVersion: byIdentity('/v1/categories')(v) }),
    examples: ['pchat Set-CsPersistentChatCategory -Identity "pchat.example.test\\IT" -AllowedMembers \'@{Add="ma-dom:example.test"}\'', 'pchat Set-CsPersistentChatCategory IT --add-creators sip:alice@example.test'],
  },
  {
    name: 'Remove-CsPersistentChatCategory', synopsis: 'Removes a category; it must hold no rooms.', output: 'change', changes: true, versioned: true,
    params: [identity('"<pool>\\<name>"'), ignored('Instance')],
    call: (v) => ({ method: 'DELETE', path: '/v1/categories', query: defined(v), readVersion: byIdentity('/v1/categories')(v), versionInQuery: true }),
  },
  {
    name: 'Get-CsPersistentChatRoom', synopsis: 'Lists rooms; every filter of the Lync cmdlet.', output: 'list',
    params: [
      identity('"<pool>\\<name>", a name, or the room URI', false), { name: 'Addin', type: 'string', help: 'rooms using this add-in' },
      { name: 'Category', type: 'string', help: 'rooms of this category' }, { name: 'ChatContentExceedsMB', type: 'number', help: 'rooms holding more message text than this' },
      { name: 'Disabled', type: 'bool', help: 'disabled (or enabled) rooms only' }, { name: 'Filter', type: 'string', help: 'wildcard on the name (and description with -SearchDescription)' },
      { name: 'Invitations', type: 'enum', values: INVITATIONS, help: 'Inherit or False' }, { name: 'Manager', type: 'string', help: 'rooms this principal manages (directly or through a group/OU/domain)' },
      { name: 'Member', type: 'string', help: 'rooms this principal is a member of' }, pool,
      { name: 'Privacy', type: 'enum', values: PRIVACY, help: 'Open, Closed or Secret' }, { name: 'ResultSize', type: 'int', help: 'at most this many' },
      { name: 'SearchDescription', type: 'switch', help: '-Filter also searches the description' }, { name: 'Type', type: 'enum', values: TYPE, help: 'Normal or Auditorium' },
    ],
    call: (v) => ({ method: 'GET', path: '/v1/rooms', query: defined(v) }),
    examples: ['pchat Get-CsPersistentChatRoom -Disabled $true', 'pchat Get-CsPersistentChatRoom -Category General -Privacy Open'],
  },
  {
    name: 'New-CsPersistentChatRoom', synopsis: 'Creates a room in a category (set Managers/Members/Presenters afterwards with Set-).', output: 'change', changes: true,
    params: [
      { name: 'Name', type: 'string', required: true, help: 'unique in the pool, at most 256 characters' }, { name: 'Category', type: 'string', required: true, help: 'the category ("<pool>\\<name>" or name)' },
      { name: 'Addin', type: 'string', help: 'a registered add-in' }, pool, ...roomFields,
    ],
    call: (v) => ({ method: 'POST', path: '/v1/rooms', body: defined(v) }),
    target: (v) => `${String(v.category)}: ${String(v.name)}`,
    examples: ['pchat New-CsPersistentChatRoom -Name "Help Desk" -Category IT -Privacy Closed'],
  },
  {
    name: 'Set-CsPersistentChatRoom', synopsis: 'Changes a room; Members, Managers and Presenters are list edits; -Category moves it.', output: 'change', changes: true, versioned: true,
    params: [
      identity('"<pool>\\<name>"'), { name: 'Name', type: 'string', help: 'new name' }, { name: 'Category', type: 'string', help: 'move to this category' },
      { name: 'Addin', type: 'string', help: 'add-in, or $null for none' }, ...roomFields,
      { name: 'Members', type: 'listEdit', help: 'who may join and read: @{Add="sip:bob@example.test"}' }, { name: 'Managers', type: 'listEdit', help: 'who manages the room' },
      { name: 'Presenters', type: 'listEdit', help: 'who may post in an auditorium (must be members)' }, ignored('Instance'), ignored('AsObject', 'switch'),
    ],
    call: (v) => ({ method: 'PATCH', path: '/v1/rooms', body: defined(v), readVersion: byIdentity('/v1/rooms')(v) }),
    examples: ['pchat Set-CsPersistentChatRoom -Identity "pchat.example.test\\Help Desk" -Members \'@{Add="sip:bob@example.test","sip:carol@example.test"}\'', 'pchat Set-CsPersistentChatRoom "Help Desk" --add-managers sip:alice@example.test'],
  },
  {
    name: 'Remove-CsPersistentChatRoom', synopsis: 'Removes a room with all its content.', output: 'change', changes: true,
    params: [identity('"<pool>\\<name>"'), ignored('Force', 'switch'), ignored('Instance')],
    call: (v) => ({ method: 'DELETE', path: '/v1/rooms', query: defined(v) }),
  },
  {
    name: 'Clear-CsPersistentChatRoom', synopsis: 'Removes all content posted in a room up to and including EndDate.', output: 'report', changes: true,
    params: [identity('"<pool>\\<name>"'), { name: 'EndDate', type: 'date', required: true, help: 'remove everything posted up to this date' }],
    call: (v) => ({ method: 'POST', path: '/v1/rooms/clear', body: defined(v) }),
    examples: ['pchat Clear-CsPersistentChatRoom -Identity "pchat.example.test\\Lobby" -EndDate 2026-01-01'],
  },
  {
    name: 'Remove-CsPersistentChatMessage', synopsis: 'Removes (-Remove) or replaces (-ReplaceMessage) matching messages of a room.', output: 'report', changes: true,
    params: [
      identity('"<pool>\\<name>"'), { name: 'UserUri', type: 'string', help: 'messages by this user' }, { name: 'Filter', type: 'string', help: 'keywords, e.g. "kw1 kw2"' },
      { name: 'MatchClause', type: 'enum', values: ['All', 'Or', 'Exact'], help: 'All keywords (default), any (Or), or the exact phrase' },
      { name: 'CaseSensitive', type: 'switch', help: 'match case' }, { name: 'StartDate', type: 'date', help: 'from' }, { name: 'EndDate', type: 'date', help: 'to' },
      { name: 'Remove', type: 'switch', help: 'delete the messages' }, { name: 'ReplaceMessage', type: 'string', help: 'replace their text with this' },
    ],
    call: (v) => ({ method: 'POST', path: '/v1/rooms/messages/remove', body: defined(v) }),
    examples: ['pchat Remove-CsPersistentChatMessage -Identity Lobby -UserUri sip:bob@example.test -Remove'],
  },
  {
    name: 'Get-CsPersistentChatAddin', synopsis: 'Lists add-ins.', output: 'list',
    params: [identity('"<pool>\\<name>"', false), pool],
    call: (v) => ({ method: 'GET', path: '/v1/addins', query: defined(v) }),
  },
  {
    name: 'New-CsPersistentChatAddin', synopsis: 'Registers an add-in (a web page shown beside the room).', output: 'change', changes: true,
    params: [{ name: 'Name', type: 'string', required: true, help: 'unique in the pool' }, { name: 'Url', type: 'string', required: true, help: 'http(s) URL of the add-in page' }, pool],
    call: (v) => ({ method: 'POST', path: '/v1/addins', body: defined(v) }),
    examples: ['pchat New-CsPersistentChatAddin -Name ITTools -Url https://tools.example.test/pc'],
  },
  {
    name: 'Set-CsPersistentChatAddin', synopsis: 'Changes an add-in.', output: 'change', changes: true, versioned: true,
    params: [identity('"<pool>\\<name>"'), { name: 'Name', type: 'string', help: 'new name' }, { name: 'Url', type: 'string', help: 'new URL' }],
    call: (v) => ({ method: 'PATCH', path: '/v1/addins', body: defined(v), readVersion: byIdentity('/v1/addins')(v) }),
  },
  {
    name: 'Remove-CsPersistentChatAddin', synopsis: 'Removes an add-in; rooms using it lose it.', output: 'change', changes: true,
    params: [identity('"<pool>\\<name>"')],
    call: (v) => ({ method: 'DELETE', path: '/v1/addins', query: defined(v) }),
  },
];
