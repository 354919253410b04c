// Content lifecycle: retention (RetentionDays of a configuration scope or a category) and legal holds
// on rooms and categories. The compliance configuration cmdlets (PC-73) are with the directory ones.
import type { CmdletDef } from '../types.js';
import { identity } from './shared.js';

export const complianceCmdlets: CmdletDef[] = [
  {
    name: 'Get-CsPersistentChatRetention',
    synopsis: 'Lists RetentionDays of the configuration scopes and of categories that set their own.',
    output: 'list',
    params: [],
    call: () => ({ method: 'GET', path: '/v1/retention' }),
  },
  {
    name: 'Set-CsPersistentChatRetention',
    synopsis:
      'Sets how many days messages are kept (0 = forever) on global, site:<id>, service:PersistentChatServer:<fqdn> or a category ($null: the configuration applies).',
    output: 'change',
    changes: true,
    params: [
      identity('global, site:<id>, service:PersistentChatServer:<fqdn>, or a category'),
      {
        name: 'RetentionDays',
        type: 'int',
        required: true,
        help: 'days; 0 = keep forever; $null on a category',
      },
    ],
    call: (v) => ({ method: 'PATCH', path: '/v1/retention', body: v }),
  },
  {
    name: 'Get-CsPersistentChatLegalHold',
    synopsis: 'Lists the rooms and categories under legal hold, with the reason and who placed it.',
    output: 'list',
    params: [],
    call: () => ({ method: 'GET', path: '/v1/legal-holds' }),
  },
  {
    name: 'Set-CsPersistentChatLegalHold',
    synopsis:
      'Places or lifts a legal hold on a room (default) or a category: no retention purge, no removal or change of its messages while held.',
    output: 'change',
    changes: true,
    params: [
      identity('the room (or, with -Kind category, the category)'),
      {
        name: 'Kind',
        type: 'enum',
        values: ['room', 'category'],
        help: 'what Identity names (default room)',
      },
      { name: 'Enabled', type: 'bool', required: true, help: '$true places the hold, $false lifts it' },
      { name: 'Reason', type: 'string', help: 'why (required to place a hold; shown in refusals)' },
    ],
    call: (v) => ({ method: 'PATCH', path: '/v1/legal-holds', body: v }),
  },
];
