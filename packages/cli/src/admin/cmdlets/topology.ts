// Pools and sites (PC-23, PC-47): a deployment without the demo. Lync created them in Topology Builder;
// pchat has New-CsPersistentChatPool and New-CsSite, and the Lync readers Get-CsPool and Get-CsSite.
import type { CmdletDef } from '../types.js';
import { defined, identity } from './shared.js';

export const topologyCmdlets: CmdletDef[] = [
  {
    name: 'New-CsPersistentChatPool',
    synopsis:
      'pchat: creates a Persistent Chat pool and its pool contact; a server that had no pool to serve starts chat on it at once.',
    output: 'change',
    changes: true,
    params: [
      identity('the pool FQDN, e.g. pchat.example.test'),
      {
        name: 'ChatServerUri',
        type: 'string',
        help: "the pool contact's SIP URI (default sip:<first label of the FQDN>@<domain>)",
      },
      { name: 'Domain', type: 'string', help: 'SIP domain (default: the FQDN without its first label)' },
      { name: 'DisplayName', type: 'string', help: 'the name clients show for the pool' },
      { name: 'Site', type: 'string', help: 'an existing site (New-CsSite)' },
    ],
    call: (v) => ({ method: 'POST', path: '/v1/pools', body: defined(v) }),
    target: (v) => String(v.identity),
    examples: [
      'pchat New-CsPersistentChatPool -Identity pchat.contoso.com -DisplayName "Contoso chat"',
      'pchat New-CsSite -Identity Redmond; pchat New-CsPersistentChatPool pchat2.contoso.com -Site Redmond',
    ],
  },
  {
    name: 'Get-CsPool',
    synopsis: 'Lists the Persistent Chat pools.',
    output: 'list',
    params: [identity('pool FQDN', false)],
    call: (v) => ({ method: 'GET', path: '/v1/pools', query: defined(v) }),
  },
  {
    name: 'New-CsSite',
    synopsis: 'pchat: creates a site (policies and configurations can then be scoped to site:<id>).',
    output: 'change',
    changes: true,
    params: [
      identity('the site id, e.g. Redmond'),
      { name: 'Description', type: 'string', help: 'free text' },
      {
        name: 'DefaultPersistentChatPool',
        type: 'string',
        help: 'the pool the clients of this site are given (an existing pool FQDN)',
      },
    ],
    call: (v) => ({ method: 'POST', path: '/v1/sites', body: defined(v) }),
    target: (v) => String(v.identity),
  },
  {
    name: 'Get-CsSite',
    synopsis: 'Lists the sites with their pools.',
    output: 'list',
    params: [identity('site id (or Site:<id>)', false)],
    call: (v) => ({ method: 'GET', path: '/v1/sites', query: defined(v) }),
  },
];
