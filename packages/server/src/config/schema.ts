// The configuration file's schema (ARCHITECTURE.md "Conventions"): one commented YAML or JSON file, found
// through --config or PCHAT_CONFIG; every setting optional with the defaults below. The commented example
// is pchat.example.yaml at the repository root; keep both in step.
import Type from 'typebox';
import type { Static } from 'typebox';

const Port = Type.Union([Type.Integer({ minimum: 0, maximum: 65535 }), Type.Null()]);

export const AuthScheme = Type.Union([
  Type.Literal('ntlm'),
  Type.Literal('digest'),
  Type.Literal('trusted-network'),
]);

export const ConfigSchema = Type.Object(
  {
    dataDir: Type.String({ default: './.data' }),
    /** SIP domain of the deployment created on first start. */
    domain: Type.String({ default: 'example.test', minLength: 1 }),
    store: Type.Object(
      {
        kind: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')], { default: 'sqlite' }),
        sqliteFile: Type.String({ default: 'pchat.db' }),
        sqliteSynchronous: Type.Union([Type.Literal('NORMAL'), Type.Literal('FULL')], { default: 'NORMAL' }),
        postgresUrl: Type.String({ default: 'postgres://postgres@127.0.0.1:5432/pchat' }),
        postgresPoolSize: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
      },
      { default: {}, additionalProperties: false },
    ),
    listen: Type.Object(
      {
        host: Type.String({ default: '127.0.0.1' }),
        sipTcpPort: { ...Port, default: 5060 },
        sipTlsPort: { ...Port, default: 5061 },
        httpPort: { ...Port, default: 8080 },
      },
      { default: {}, additionalProperties: false },
    ),
    tls: Type.Object(
      {
        certFile: Type.Union([Type.String(), Type.Null()], { default: null }),
        keyFile: Type.Union([Type.String(), Type.Null()], { default: null }),
        /** CA whose certificates identify trusted applications (mutual TLS). */
        caFile: Type.Union([Type.String(), Type.Null()], { default: null }),
      },
      { default: {}, additionalProperties: false },
    ),
    auth: Type.Object(
      {
        realm: Type.String({ default: 'SIP Communications Service' }),
        schemes: Type.Array(AuthScheme, { default: ['digest'] }),
        trustedNetworks: Type.Array(Type.String(), { default: [] }),
      },
      { default: {}, additionalProperties: false },
    ),
    log: Type.Object(
      {
        level: Type.Union(
          ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
          { default: 'info' },
        ),
      },
      { default: {}, additionalProperties: false },
    ),
    demo: Type.Object(
      { createIfEmpty: Type.Boolean({ default: true }) },
      { default: {}, additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

export type PchatConfig = Static<typeof ConfigSchema>;
