// Request-CsCertificate (PC-87): the certificate a trusted application presents, issued from the
// development CA (tls/dev-ca.ts) — the cmdlet Lync administrators use to get certificates from a CA. Only
// in development: a server with its own tls.certFile or tls.caFile refuses and says what to do with the
// organisation's CA instead (docs/cli.md, "Trusted applications: certificates").
import Type from 'typebox';
import { DomainError, fqdn } from '@pchat/domain';
import { runChange } from '../context.js';
import { num, type AdminRoute, type Body } from '../route.js';

export const certificateRoutes: AdminRoute[] = [
  {
    method: 'POST',
    url: '/v1/certificates',
    cmdlet: 'Request-CsCertificate',
    summary:
      "Issue a development certificate for a trusted application pool FQDN from the server's development CA",
    access: 'admin.endpoint',
    whatIf: true,
    body: Type.Object(
      {
        domainName: Type.String({ minLength: 1 }),
        validityDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 825 })),
      },
      { additionalProperties: false },
    ),
    handler: async (ctx) => {
      const b = ctx.body as Body;
      const name = fqdn(String(b.domainName), 'domain name');
      const issue = ctx.deps.issueDevCertificate;
      if (!issue)
        throw new DomainError(
          'InvalidArgument',
          `This server uses its own TLS certificates (tls.certFile or tls.caFile is set), so it has no development CA to issue from. Have your organisation's CA issue a certificate whose subject or DNS name is ${name}, and set tls.caFile to that CA's certificate.`,
        );
      // Audited like every change; the key is never written to the audit log (scrubbed, and not in details).
      return runChange(
        ctx.deps,
        ctx.caller,
        ctx.whatIf,
        { cmdlet: 'Request-CsCertificate', target: name, details: { domainName: name } },
        async () => (ctx.whatIf ? { domainName: name } : issue(name, num(b.validityDays))),
      );
    },
  },
];
