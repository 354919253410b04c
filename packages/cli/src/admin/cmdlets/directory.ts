// Endpoints (PC-47, seed 002), trusted applications (seeds 001, 003), the built-in directory (PC-26,
// PC-48), compliance (PC-73), pool state, export/import (PC-49), the synthetic test (PC-50), and pchat's
// own token and audit commands.
import type { CmdletDef, ParamDef } from '../types.js';
import { byIdentity, defined, identity, ignored, pool } from './shared.js';

const ROLES = ['CsPersistentChatAdministrator', 'CsAdministrator', 'CsViewOnlyAdministrator', 'CsHelpDesk'];

const complianceFields: ParamDef[] = [
  { name: 'AdapterType', type: 'string', help: 'the compliance adapter; none = no data is saved' },
  { name: 'AdapterName', type: 'string', help: 'adapter name' }, { name: 'AdapterOutputDirectory', type: 'string', help: 'one folder per adapter' },
  { name: 'AddChatRoomDetails', type: 'bool', help: 'add room details (default $false)' }, { name: 'AddUserDetails', type: 'bool', help: 'add user details (default $false)' },
  { name: 'CreateFileAttachmentsManifest', type: 'bool', help: 'write .ATTACH manifests' }, { name: 'CustomConfiguration', type: 'string', help: 'XSLT' },
  { name: 'OneChatRoomPerOutputFile', type: 'bool', help: 'one file per room' }, { name: 'RunInterval', type: 'string', help: 'time span 00:01:00..30.00:00:00 (default 00:15:00)' },
];

export const directoryCmdlets: CmdletDef[] = [
  {
    name: 'New-CsPersistentChatEndpoint', synopsis: 'Creates a Persistent Chat endpoint: a contact object giving a pool a friendly SIP URI for legacy clients.', output: 'change', changes: true,
    params: [
      { name: 'SipAddress', type: 'string', required: true, help: 'SIP address with the sip: prefix, e.g. "sip:pcEndpoint1@litwareinc.com"' },
      { name: 'PersistentChatPoolFqdn', type: 'string', required: true, help: 'FQDN of the Persistent Chat pool the endpoint belongs to' },
      { name: 'DisplayName', type: 'string', help: 'display name of the contact object' },
    ],
    call: (v) => ({ method: 'POST', path: '/v1/endpoints', body: defined(v) }),
    target: (v) => String(v.sipAddress),
    examples: ['pchat New-CsPersistentChatEndpoint -SipAddress "sip:pce@example.test" -PersistentChatPoolFqdn "pchat.example.test" -DisplayName "Persistent Chat Endpoint 1"'],
  },
  {
    name: 'Get-CsPersistentChatEndpoint', synopsis: 'Lists Persistent Chat endpoints.', output: 'list',
    params: [identity('SIP address or display name', false), { name: 'Filter', type: 'string', help: 'wildcard on SIP address or display name' }, pool,
      { name: 'ResultSize', type: 'int', help: 'at most this many' }, ignored('LdapFilter'), ignored('OU'), ignored('Credential'), ignored('DomainController')],
    call: (v) => ({ method: 'GET', path: '/v1/endpoints', query: defined(v) }),
  },
  {
    name: 'Remove-CsPersistentChatEndpoint', synopsis: 'Removes a Persistent Chat endpoint.', output: 'change', changes: true,
    params: [identity('SIP address of the endpoint'), ignored('Credential'), ignored('DomainController')],
    call: (v) => ({ method: 'DELETE', path: '/v1/endpoints', query: defined(v) }),
  },
  {
    name: 'New-CsTrustedApplication', synopsis: 'Creates a trusted application on a trusted application pool; connections presenting a certificate for the pool FQDN are trusted.', output: 'change', changes: true,
    params: [{ name: 'ApplicationId', type: 'string', required: true, help: 'e.g. PersistentChat.Bot' },
      { name: 'TrustedApplicationPoolFqdn', type: 'string', required: true, help: 'an existing trusted application pool (New-CsTrustedApplicationPool); its FQDN is the certificate subject the application presents' },
      { name: 'Port', type: 'int', required: true, help: 'the port it listens on (unique within the pool)' }, ignored('EnableTcp', 'switch'), ignored('LegacyApplicationName'), ignored('Force', 'switch'), ignored('Site')],
    call: (v) => ({ method: 'POST', path: '/v1/trusted-applications', body: defined(v) }),
    target: (v) => String(v.applicationId),
  },
  { name: 'Get-CsTrustedApplication', synopsis: 'Lists trusted applications.', output: 'list', params: [], call: () => ({ method: 'GET', path: '/v1/trusted-applications' }) },
  {
    name: 'Remove-CsTrustedApplication', synopsis: 'Removes a trusted application and its endpoints.', output: 'change', changes: true,
    params: [identity('<pool fqdn>/urn:application:<id> or the application id')],
    call: (v) => ({ method: 'DELETE', path: '/v1/trusted-applications', query: defined(v) }),
  },
  {
    name: 'New-CsTrustedApplicationEndpoint', synopsis: 'Creates an application endpoint (a contact) for a trusted application.', output: 'change', changes: true,
    params: [{ name: 'ApplicationId', type: 'string', required: true, help: 'the trusted application' }, { name: 'SipAddress', type: 'string', required: true, help: 'sip:bot@example.test' },
      { name: 'DisplayName', type: 'string', help: 'display name' }, ignored('TrustedApplicationPoolFqdn')],
    call: (v) => ({ method: 'POST', path: '/v1/trusted-application-endpoints', body: defined(v) }),
  },
  { name: 'Get-CsTrustedApplicationEndpoint', synopsis: 'Lists trusted application endpoints.', output: 'list', params: [identity('SIP address', false), { name: 'Filter', type: 'string', help: 'wildcard' }], call: (v) => ({ method: 'GET', path: '/v1/trusted-application-endpoints', query: defined(v) }) },
  {
    name: 'Remove-CsTrustedApplicationEndpoint', synopsis: 'Removes a trusted application endpoint.', output: 'change', changes: true,
    params: [identity('SIP address')], call: (v) => ({ method: 'DELETE', path: '/v1/trusted-application-endpoints', query: defined(v) }),
  },
  {
    name: 'Get-CsAdPrincipal', synopsis: 'Lists users, groups, OUs, domains and contacts of the directory, for building lists.', output: 'list',
    params: [identity('a URI (sip:, ma-grp:, ma-ou:, ma-dom:)', false), { name: 'Filter', type: 'string', help: 'substring of URI, name or e-mail' },
      { name: 'Type', type: 'string', help: 'user, group, ou, domain, contact (comma-separated)' }, { name: 'ResultSize', type: 'int', help: 'at most this many (default 1000)' }],
    call: (v) => ({ method: 'GET', path: '/v1/principals', query: defined(v) }),
  },
  {
    name: 'Get-CsPersistentChatEligiblePrincipal', synopsis: 'Users eligible as members and managers of a category or room (or presenters of an auditorium).', output: 'list',
    params: [{ name: 'Category', type: 'string', help: 'a category' }, { name: 'Room', type: 'string', help: 'a room' }, { name: 'Presenters', type: 'switch', help: 'eligible presenters (auditorium rooms)' },
      { name: 'Filter', type: 'string', help: 'matches SIP addresses, e.g. *smith*' }, pool, { name: 'ResultSize', type: 'int', help: 'at most this many' }],
    call: (v) => ({ method: 'GET', path: '/v1/eligible-principals', query: defined(v) }),
  },
  {
    name: 'New-CsAdUser', synopsis: 'pchat: creates a user in the built-in directory, with a password for sign-in.', output: 'change', changes: true,
    params: [{ name: 'SipAddress', type: 'string', required: true, help: 'sip:user@domain' }, { name: 'DisplayName', type: 'string', help: 'name' }, { name: 'Email', type: 'string', help: 'e-mail' },
      { name: 'CompanyName', type: 'string', help: 'company' }, { name: 'OU', type: 'string', api: 'ou', help: 'OU path ("sales/emea") or ma-ou: URI; created when missing' },
      { name: 'SiteId', type: 'string', help: 'site' }, { name: 'AdminRoles', type: 'list', help: ROLES.join(', ') }, { name: 'Disabled', type: 'bool', help: 'disabled account' },
      { name: 'Password', type: 'string', api: 'password', help: 'sign-in password (only its verifiers are stored)' }],
    call: (v) => ({ method: 'POST', path: '/v1/users', body: defined(v) }),
    target: (v) => String(v.sipAddress),
    examples: ['pchat New-CsAdUser -SipAddress sip:erin@example.test -DisplayName "Erin Ellis" -Password S3cret! -OU sales'],
  },
  {
    name: 'Set-CsAdUser', synopsis: 'pchat: changes a user (name, disabled, site, admin roles, password).', output: 'change', changes: true,
    params: [identity('sip:user@domain'), { name: 'DisplayName', type: 'string', help: 'name' }, { name: 'Email', type: 'string', help: 'e-mail or $null' },
      { name: 'CompanyName', type: 'string', help: 'company or $null' }, { name: 'SiteId', type: 'string', help: 'site or $null' }, { name: 'AdminRoles', type: 'list', help: `${ROLES.join(', ')}; $null = none` },
      { name: 'Disabled', type: 'bool', help: 'disable or re-enable' }, { name: 'Password', type: 'string', api: 'password', help: 'new password' }],
    call: (v) => ({ method: 'PATCH', path: '/v1/users', body: defined(v) }),
  },
  {
    name: 'New-CsAdGroup', synopsis: 'pchat: creates a security group or distribution list.', output: 'change', changes: true,
    params: [{ name: 'Name', type: 'string', required: true, api: 'displayName', help: 'group name (unique)' }, { name: 'GroupType', type: 'enum', values: ['security', 'distribution'], help: 'security (default) or distribution' },
      { name: 'Members', type: 'list', help: 'users and groups' }],
    call: (v) => ({ method: 'POST', path: '/v1/groups', body: defined(v) }),
    target: (v) => String(v.displayName),
  },
  {
    name: 'Set-CsAdGroup', synopsis: 'pchat: adds or removes direct members of a group.', output: 'report', changes: true,
    params: [identity('ma-grp: URI or the group name'), { name: 'Members', type: 'listEdit', required: true, help: '@{Add="sip:a@x";Remove="sip:b@x"}' }],
    call: (v) => ({ method: 'PATCH', path: '/v1/groups', body: defined(v) }),
  },
  {
    name: 'New-CsAdOrganizationalUnit', synopsis: 'pchat: creates an OU and its missing parents.', output: 'change', changes: true,
    params: [{ name: 'Domain', type: 'string', required: true, help: 'DNS domain' }, { name: 'Path', type: 'string', required: true, help: 'e.g. sales/emea' }],
    call: (v) => ({ method: 'POST', path: '/v1/ous', body: defined(v) }),
    target: (v) => `${String(v.domain)}/${String(v.path)}`,
  },
  {
    name: 'Get-CsPersistentChatComplianceConfiguration', synopsis: 'Lists compliance configurations.', output: 'list',
    params: [identity('global, site:<name> or service:PersistentChatComplianceServer:<fqdn>', false), ignored('LocalStore', 'switch')],
    call: (v) => ({ method: 'GET', path: '/v1/compliance-configurations', query: defined(v) }),
  },
  {
    name: 'New-CsPersistentChatComplianceConfiguration', synopsis: 'Creates a site or service compliance configuration.', output: 'change', changes: true,
    params: [identity('site:<name> or service:...'), ...complianceFields],
    call: (v) => ({ method: 'POST', path: '/v1/compliance-configurations', body: defined(v) }),
  },
  {
    name: 'Set-CsPersistentChatComplianceConfiguration', synopsis: 'Changes a compliance configuration.', output: 'change', changes: true, versioned: true,
    params: [identity('the scope'), ...complianceFields],
    call: (v) => ({ method: 'PATCH', path: '/v1/compliance-configurations', body: defined(v), readVersion: byIdentity('/v1/compliance-configurations')(v) }),
  },
  {
    name: 'Remove-CsPersistentChatComplianceConfiguration', synopsis: 'Removes a compliance configuration (global is reset).', output: 'change', changes: true,
    params: [identity('the scope')], call: (v) => ({ method: 'DELETE', path: '/v1/compliance-configurations', query: defined(v) }),
  },
  {
    name: 'Get-CsPersistentChatState', synopsis: 'Shows the pool state (Normal or FailedOver) and its active servers.', output: 'list',
    params: [identity('service:PersistentChatServer:<pool fqdn>', false)], call: (v) => ({ method: 'GET', path: '/v1/state', query: defined(v) }),
  },
  {
    name: 'Set-CsPersistentChatState', synopsis: 'Sets the pool state.', output: 'change', changes: true,
    params: [identity('service:PersistentChatServer:<pool fqdn>'), { name: 'PoolState', type: 'enum', values: ['Normal', 'FailedOver'], required: true, help: 'Normal or FailedOver' }],
    call: (v) => ({ method: 'PATCH', path: '/v1/state', body: defined(v) }),
  },
  {
    name: 'Set-CsPersistentChatActiveServer', synopsis: 'Sets the active servers of a pool (one per pool in this release).', output: 'change', changes: true,
    params: [identity('service:PersistentChatServer:<pool fqdn>'), { name: 'ActiveServers', type: 'list', required: true, help: 'server FQDNs; $null = none' }],
    call: (v) => ({ method: 'PATCH', path: '/v1/state/active-servers', body: defined(v) }),
  },
  {
    name: 'Export-CsPersistentChatData', synopsis: 'Exports the deployment to an NDJSON file (levels, scope, start date), verified by counts and a checksum; -Resume continues an interrupted export.', output: 'report', custom: 'export',
    params: [{ name: 'FileName', type: 'string', required: true, help: 'the file to write' }, { name: 'Level', type: 'enum', values: ['All', 'User', 'Category', 'RoomDirectory', 'Content'], help: 'what to export (default All)' },
      { name: 'Scope', type: 'list', help: 'categories to export' }, { name: 'StartDate', type: 'date', help: 'messages posted since' }, { name: 'Report', type: 'string', help: 'write a report file' },
      { name: 'Resume', type: 'switch', help: 'continue the export already in -FileName' }, ignored('DBInstance'), ignored('DBName'), ignored('AsBytes', 'switch'), ignored('DisableExportedNodes', 'switch')],
    call: () => ({ method: 'GET', path: '/v1/export' }),
    examples: ['pchat Export-CsPersistentChatData -FileName backup.ndjson', 'pchat Export-CsPersistentChatData -FileName it.ndjson -Level RoomDirectory -Scope IT'],
  },
  {
    name: 'Import-CsPersistentChatData', synopsis: 'Imports an export file (merge); re-running an interrupted import resumes it; verified by counts and the checksum.', output: 'report', custom: 'import', changes: true,
    params: [{ name: 'FileName', type: 'string', required: true, help: 'the export file' }, { name: 'Report', type: 'string', help: 'write a report file' }, ignored('DBInstance'), ignored('ByteInput')],
    call: () => ({ method: 'POST', path: '/v1/import' }),
  },
  {
    name: 'Test-CsPersistentChatMessage', custom: 'test-message', output: 'report',
    synopsis: 'Synthetic test over the network: signs two users in over SIP, establishes Persistent Chat, joins a room, exchanges a message pair, leaves and signs out; reports Success or Failure, each step\'s latency, and on failure the reason and the fix.',
    params: [
      { name: 'TargetFqdn', type: 'string', help: 'SIP server: host or host:port of the pool (default PCHAT_SIP_SERVER or 127.0.0.1)' },
      { name: 'Server', type: 'string', help: 'same as -TargetFqdn, as host:port (for this cmdlet the SIP server, not the admin API)' },
      { name: 'Port', type: 'int', help: 'SIP port (default 5061 for TLS, 5060 for TCP)' },
      { name: 'Transport', type: 'enum', values: ['Tls', 'Tcp'], help: 'Tls (default) or Tcp' },
      { name: 'CaFile', type: 'string', help: 'PEM of the CA that signs the server certificate (default PCHAT_CA_FILE, else <DataDir>/tls/dev-cert.pem when it exists, else the system roots)' },
      { name: 'SenderSipAddress', type: 'string', required: true, help: 'first test user, sip:user@domain' },
      { name: 'SenderCredential', type: 'string', help: 'user:password of the sender (default PCHAT_SENDER_CREDENTIAL)' },
      { name: 'ReceiverSipAddress', type: 'string', required: true, help: 'second test user' },
      { name: 'ReceiverCredential', type: 'string', help: 'user:password of the receiver (default PCHAT_RECEIVER_CREDENTIAL)' },
      { name: 'ChatRoomUri', type: 'string', help: 'room name or ma-chan:// URI (default: the first room both are members of and may post in)' },
      { name: 'TimeoutSeconds', type: 'number', help: 'bound of each step (default 10)' },
      ignored('Authentication'), ignored('Setup', 'switch'), ignored('RegistrarPort', 'int'),
    ],
    call: () => ({ method: 'POST', path: '/' }),
    examples: [
      'PCHAT_SENDER_CREDENTIAL=alice:pw PCHAT_RECEIVER_CREDENTIAL=bob:pw pchat Test-CsPersistentChatMessage -TargetFqdn 127.0.0.1 -SenderSipAddress sip:alice@example.test -ReceiverSipAddress sip:bob@example.test',
      'pchat Test-CsPersistentChatMessage -TargetFqdn pchat.example.test:5060 -Transport Tcp -SenderSipAddress sip:alice@example.test -SenderCredential alice:pw -ReceiverSipAddress sip:bob@example.test -ReceiverCredential bob:pw -ChatRoomUri Engineering',
    ],
  },
  { name: 'Get-PchatAuditLog', synopsis: 'pchat: the audit log of changes, newest first.', output: 'list', params: [{ name: 'Target', type: 'string', help: 'object identity' }, { name: 'Actor', type: 'string', help: 'who' }, { name: 'ResultSize', type: 'int', help: 'at most this many (default 100)' }], call: (v) => ({ method: 'GET', path: '/v1/audit', query: defined(v) }) },
  { name: 'New-PchatAdminToken', synopsis: 'pchat: issues an admin API token for a user holding an admin role (printed once).', output: 'report', changes: true, params: [identity('sip:user@domain')], call: (v) => ({ method: 'POST', path: '/v1/tokens', body: defined(v) }) },
  { name: 'Get-PchatAdminToken', synopsis: 'pchat: lists issued admin tokens (ids, never the tokens).', output: 'list', params: [], call: () => ({ method: 'GET', path: '/v1/tokens' }) },
  { name: 'Remove-PchatAdminToken', synopsis: 'pchat: revokes an admin token by id.', output: 'change', changes: true, params: [identity('token id')], call: (v) => ({ method: 'DELETE', path: '/v1/tokens', query: defined(v) }) },
];
