// CsPersistentChatPolicy (PC-41) and CsPersistentChatConfiguration (PC-42).
import type { CmdletDef, ParamDef } from '../types.js';
import { byIdentity, defined, identity, ignored } from './shared.js';

const policyFields: ParamDef[] = [
  {
    name: 'EnablePersistentChat',
    type: 'bool',
    help: 'whether users under this policy may use Persistent Chat (default $false)',
  },
  {
    name: 'AllowEditOwnMessages',
    type: 'bool',
    help: 'pchat: users may edit their own messages (default $false)',
  },
  {
    name: 'AllowDeleteOwnMessages',
    type: 'bool',
    help: 'pchat: users may delete their own messages (default $false)',
  },
  {
    name: 'EditWindowMinutes',
    type: 'int',
    help: 'pchat: edits and deletions only this many minutes after posting; 0 = no limit',
  },
  { name: 'Description', type: 'string', help: 'free text' },
  ignored('Tenant'),
];

const configFields: ParamDef[] = [
  { name: 'DefaultChatHistory', type: 'int', help: 'messages shown on join, 1-500 (default 30)' },
  { name: 'MaxFileSizeKB', type: 'int', help: 'largest file upload in KB (default 20000)' },
  {
    name: 'ParticipantUpdateLimit',
    type: 'int',
    help: 'roster updates stop above this many participants (default 75)',
  },
  { name: 'RoomManagementUrl', type: 'string', help: 'external room management page; blank = built-in' },
  { name: 'MessageSizeLimit', type: 'int', help: 'pchat: largest message in bytes' },
  { name: 'StorySizeLimit', type: 'int', help: 'pchat: largest story in bytes' },
  { name: 'SearchLimit', type: 'int', help: 'pchat: most results per room of one history search' },
];

export const policyCmdlets: CmdletDef[] = [
  {
    name: 'Get-CsPersistentChatPolicy',
    synopsis: 'Lists Persistent Chat policies (global, site:<name>, per-user tags).',
    output: 'list',
    params: [
      identity('global, site:<name> or a tag name', false),
      { name: 'Filter', type: 'string', help: 'wildcard on the identity, e.g. tag:*' },
      ignored('LocalStore', 'switch'),
      ignored('Tenant'),
    ],
    call: (v) => ({ method: 'GET', path: '/v1/policies', query: defined(v) }),
    examples: ['pchat Get-CsPersistentChatPolicy', 'pchat Get-CsPersistentChatPolicy -Identity Global'],
  },
  {
    name: 'New-CsPersistentChatPolicy',
    synopsis: 'Creates a site or per-user policy (the global policy always exists: use Set-).',
    output: 'change',
    changes: true,
    params: [identity('site:<name> or a tag name'), ...policyFields],
    call: (v) => ({ method: 'POST', path: '/v1/policies', body: defined(v) }),
    examples: ['pchat New-CsPersistentChatPolicy -Identity SalesPolicy -EnablePersistentChat $true'],
  },
  {
    name: 'Set-CsPersistentChatPolicy',
    synopsis: 'Changes a policy.',
    output: 'change',
    changes: true,
    versioned: true,
    params: [identity('global, site:<name> or a tag name'), ...policyFields],
    call: (v) => ({
      method: 'PATCH',
      path: '/v1/policies',
      body: defined(v),
      readVersion: byIdentity('/v1/policies')(v),
    }),
    examples: ['pchat Set-CsPersistentChatPolicy -Identity global -EnablePersistentChat $true'],
  },
  {
    name: 'Remove-CsPersistentChatPolicy',
    synopsis: 'Removes a policy (the global one is reset to its defaults).',
    output: 'change',
    changes: true,
    params: [identity('site:<name> or a tag name'), ignored('Tenant')],
    call: (v) => ({ method: 'DELETE', path: '/v1/policies', query: defined(v) }),
  },
  {
    name: 'Grant-CsPersistentChatPolicy',
    synopsis: 'Assigns a per-user policy to a user; -PolicyName $null removes it.',
    output: 'change',
    changes: true,
    params: [
      identity('the user (SIP address)'),
      { name: 'PolicyName', type: 'string', required: true, help: 'tag name of the policy, or $null' },
      ignored('DomainController'),
    ],
    call: (v) => ({
      method: 'POST',
      path: '/v1/policies/grant',
      body: { identity: v.identity, policyName: v.policyName ?? null },
    }),
    examples: ['pchat Grant-CsPersistentChatPolicy -Identity sip:bob@example.test -PolicyName SalesPolicy'],
  },
  {
    name: 'Get-CsPersistentChatConfiguration',
    synopsis: 'Lists configuration scopes (global, site:<name>, service:PersistentChatServer:<pool>).',
    output: 'list',
    params: [
      identity('the scope', false),
      { name: 'Filter', type: 'string', help: 'wildcard on the identity' },
      ignored('LocalStore', 'switch'),
    ],
    call: (v) => ({ method: 'GET', path: '/v1/configurations', query: defined(v) }),
  },
  {
    name: 'New-CsPersistentChatConfiguration',
    synopsis: 'Creates a site or service configuration.',
    output: 'change',
    changes: true,
    params: [identity('site:<name> or service:PersistentChatServer:<pool fqdn>'), ...configFields],
    call: (v) => ({ method: 'POST', path: '/v1/configurations', body: defined(v) }),
    examples: ['pchat New-CsPersistentChatConfiguration -Identity site:Redmond -DefaultChatHistory 50'],
  },
  {
    name: 'Set-CsPersistentChatConfiguration',
    synopsis: 'Changes a configuration.',
    output: 'change',
    changes: true,
    versioned: true,
    params: [identity('the scope'), ...configFields],
    call: (v) => ({
      method: 'PATCH',
      path: '/v1/configurations',
      body: defined(v),
      readVersion: byIdentity('/v1/configurations')(v),
    }),
    examples: ['pchat Set-CsPersistentChatConfiguration -Identity global -DefaultChatHistory 50'],
  },
  {
    name: 'Remove-CsPersistentChatConfiguration',
    synopsis: 'Removes a configuration (global is reset to its defaults).',
    output: 'change',
    changes: true,
    params: [identity('the scope')],
    call: (v) => ({ method: 'DELETE', path: '/v1/configurations', query: defined(v) }),
  },
];
