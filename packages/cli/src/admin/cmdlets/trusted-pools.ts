// Trusted application pools (New/Get/Remove-CsTrustedApplicationPool, PC-87): the pool a
// trusted application is homed on. The Lync parameters that mean nothing in pchat (media port ranges,
// replication, outbound-only) are accepted for script compatibility and ignored.
import type { CmdletDef } from '../types.js';
import { defined, identity, ignored } from './shared.js';

export const trustedPoolCmdlets: CmdletDef[] = [
  {
    name: 'Request-CsCertificate',
    synopsis:
      "Issues a development certificate for a trusted application pool FQDN from the server's development CA and writes <fqdn>.pem, <fqdn>.key and pchat-dev-ca.pem (production: your organisation's CA and tls.caFile).",
    output: 'report',
    custom: 'certificate',
    changes: true,
    params: [
      {
        name: 'DomainName',
        type: 'string',
        required: true,
        help: 'the trusted application pool FQDN (subject CN and DNS name of the certificate)',
      },
      { name: 'Output', type: 'string', help: 'folder to write the files to (default: the current folder)' },
      { name: 'ValidityDays', type: 'int', help: 'days the certificate is valid (default 825)' },
      { name: 'New', type: 'switch', help: 'a new certificate (the only kind pchat issues)' },
      ignored('Type'),
      ignored('CA'),
      ignored('FriendlyName'),
      ignored('Force', 'switch'),
    ],
    call: () => ({ method: 'POST', path: '/v1/certificates' }),
    target: (v) => String(v.domainName),
    examples: [
      'pchat Request-CsCertificate -New -Type Default -DomainName bots.example.test -Output ./certs',
    ],
  },
  {
    name: 'New-CsTrustedApplicationPool',
    synopsis:
      'Creates a trusted application pool: the FQDN its applications present in their certificates, its registrar and computers.',
    output: 'change',
    changes: true,
    params: [
      identity('the pool FQDN, e.g. bots.example.test'),
      {
        name: 'Registrar',
        type: 'string',
        help: "the pchat pool the applications register with (default: the site's default pool, else the first pool)",
      },
      { name: 'Site', type: 'string', help: 'an existing site id (optional)' },
      { name: 'ComputerFqdn', type: 'list', help: 'the computers of the pool (default: the pool FQDN)' },
      { name: 'ThrottleAsServer', type: 'bool', help: "throttle connections as a server's (default $true)" },
      {
        name: 'TreatAsAuthenticated',
        type: 'bool',
        help: 'requests from the pool need no further sign-in (default $true)',
      },
      ignored('OutboundOnly', 'bool'),
      ignored('RequiresReplication', 'bool'),
      ignored('AppSharingPortStart', 'int'),
      ignored('AppSharingPortCount', 'int'),
      ignored('AudioPortStart', 'int'),
      ignored('AudioPortCount', 'int'),
      ignored('VideoPortStart', 'int'),
      ignored('VideoPortCount', 'int'),
      ignored('Force', 'switch'),
    ],
    call: (v) => ({ method: 'POST', path: '/v1/trusted-application-pools', body: defined(v) }),
    examples: [
      'pchat New-CsTrustedApplicationPool -Identity bots.example.test -Registrar pchat.example.test',
      'pchat New-CsTrustedApplication -ApplicationId PersistentChat.Bot -TrustedApplicationPoolFqdn bots.example.test -Port 6001',
    ],
  },
  {
    name: 'Get-CsTrustedApplicationPool',
    synopsis: 'Lists trusted application pools with their applications.',
    output: 'list',
    params: [
      identity('pool FQDN (or TrustedApplicationPool:<fqdn>)', false),
      { name: 'Filter', type: 'string', help: 'wildcard on the pool FQDN' },
      { name: 'PoolFqdn', type: 'string', help: 'pool FQDN' },
    ],
    call: (v) => ({ method: 'GET', path: '/v1/trusted-application-pools', query: defined(v) }),
  },
  {
    name: 'Remove-CsTrustedApplicationPool',
    synopsis: 'Removes a trusted application pool; refused while trusted applications are homed on it.',
    output: 'change',
    changes: true,
    params: [identity('pool FQDN'), ignored('Force', 'switch')],
    call: (v) => ({ method: 'DELETE', path: '/v1/trusted-application-pools', query: defined(v) }),
  },
];
