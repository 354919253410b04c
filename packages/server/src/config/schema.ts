// The configuration file's schema (docs/architecture.md, Conventions): one commented YAML or JSON file, found
// through --config or PCHAT_CONFIG; every setting optional with the defaults below. The commented example
// is pchat.example.yaml at the repository root; keep both in step.
import Type from 'typebox';
import type { Static } from 'typebox';
import { DirectorySchema } from './directory-schema.js';

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
    /** The pool this node serves; null = the only (or first) pool. */
    poolFqdn: Type.Union([Type.String({ minLength: 1 }), Type.Null()], { default: null }),
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
        /**
         * The address clients reach the HTTP listener at (file links, PC-15), when it differs from the
         * bound one (a proxy, a pool's front door). Null: the bound address.
         */
        publicHttpUrl: Type.Union([Type.String({ pattern: '^https?://' }), Type.Null()], { default: null }),
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
        /**
         * Offered and tried in this order. ntlm: Lync clients and pidgin-sipe (MS-SIPAE, signed messages);
         * they look for their own challenge by name, so Digest may come first. SIPp answers the FIRST
         * WWW-Authenticate, sip.js the LAST, both with Digest MD5 only: hence Digest first by default, and
         * the 401 repeats it last (registrar/authenticate.ts, docs/security.md).
         */
        schemes: Type.Array(AuthScheme, { default: ['digest', 'ntlm'] }),
        trustedNetworks: Type.Array(Type.String(), { default: [] }),
        /**
         * Digest algorithms offered, one WWW-Authenticate each, in this order (RFC 8760 §2.4). MD5 first by
         * default: SIPp takes the first challenge and computes MD5 only (docs/security.md says
         * how to prefer SHA-256 when no such client is used).
         */
        digestAlgorithms: Type.Array(Type.Union([Type.Literal('SHA-256'), Type.Literal('MD5')]), {
          default: ['MD5', 'SHA-256'],
          minItems: 1,
        }),
        /**
         * How long a browser stays signed in after a password sign-in in the web app (docs/web.md
         * "Sessions and passwords"): reloads and server restarts within it need no password.
         */
        webSessionHours: Type.Number({ exclusiveMinimum: 0, maximum: 24 * 90, default: 12 }),
        /**
         * Brute-force protection shared by every sign-in path (docs/security.md "Brute force"): failed
         * sign-ins lock the (user, address) pair after `burst` and the address after `addressBurst`; past
         * `accountSoftBurst` failures from anywhere a user's sign-ins are slowed, never locked.
         */
        throttle: Type.Object(
          {
            burst: Type.Integer({ minimum: 1, default: 5 }),
            refillSeconds: Type.Integer({ minimum: 1, default: 60 }),
            baseDelaySeconds: Type.Integer({ minimum: 1, default: 2 }),
            maxDelaySeconds: Type.Integer({ minimum: 1, default: 900 }),
            addressBurst: Type.Integer({ minimum: 1, default: 20 }),
            accountSoftBurst: Type.Integer({ minimum: 1, default: 20 }),
            accountMaxSlowSeconds: Type.Integer({ minimum: 0, default: 8 }),
          },
          { default: {}, additionalProperties: false },
        ),
      },
      { default: {}, additionalProperties: false },
    ),
    /** The SIP front end: registrar and per-connection limits. */
    frontend: Type.Object(
      {
        /** This node's FQDN, the `source` of ms-diagnostics; null = the host name. */
        fqdn: Type.Union([Type.String({ minLength: 1 }), Type.Null()], { default: null }),
        registration: Type.Object(
          {
            minExpires: Type.Integer({ minimum: 1, default: 60 }),
            maxExpires: Type.Integer({ minimum: 1, default: 7200 }),
            defaultExpires: Type.Integer({ minimum: 1, default: 3600 }),
            keepAliveSeconds: Type.Integer({ minimum: 0, default: 300 }),
          },
          { default: {}, additionalProperties: false },
        ),
        connections: Type.Object(
          {
            idleTimeoutSeconds: Type.Number({ exclusiveMinimum: 0, default: 120 }),
            maxConnections: Type.Integer({ minimum: 1, default: 10000 }),
            maxConnectionsPerAddress: Type.Integer({ minimum: 1, default: 200 }),
            /** Not signed in this long after opening: closed, keep-alives or not (null: idleTimeoutSeconds). */
            signInTimeoutSeconds: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()], {
              default: null,
            }),
            /** Connections per address not signed in yet; one more evicts the oldest of them. */
            maxUnauthenticatedPerAddress: Type.Integer({ minimum: 1, default: 50 }),
            maxBodyBytes: Type.Integer({ minimum: 1024, default: 1048576 }),
            maxHeaderBytes: Type.Integer({ minimum: 1024, default: 65536 }),
          },
          { default: {}, additionalProperties: false },
        ),
      },
      { default: {}, additionalProperties: false },
    ),
    directory: DirectorySchema,
    /** Prometheus metrics at /metrics on the HTTP port (no authentication: counts only; docs/security.md). */
    metrics: Type.Object(
      { enabled: Type.Boolean({ default: true }) },
      { default: {}, additionalProperties: false },
    ),
    /**
     * What one user or one connection may ask of the chat service (docs/security.md, "Bounded requests
     * and limits"): token buckets that hold `burstSeconds` of their rate; over one, LimitExceeded.
     */
    limits: Type.Object(
      {
        user: Type.Object(
          {
            commandsPerSecond: Type.Number({ exclusiveMinimum: 0, default: 50 }),
            postsPerSecond: Type.Number({ exclusiveMinimum: 0, default: 10 }),
            bytesPerSecond: Type.Integer({ minimum: 1024, default: 1048576 }),
          },
          { default: {}, additionalProperties: false },
        ),
        connection: Type.Object(
          {
            commandsPerSecond: Type.Number({ exclusiveMinimum: 0, default: 500 }),
            postsPerSecond: Type.Number({ exclusiveMinimum: 0, default: 200 }),
            bytesPerSecond: Type.Integer({ minimum: 1024, default: 8388608 }),
          },
          { default: {}, additionalProperties: false },
        ),
        burstSeconds: Type.Number({ minimum: 1, default: 10 }),
        maxQueuedCommands: Type.Integer({ minimum: 1, default: 200 }),
        /** Preference bundles (PC-19): bytes of one bundle and bundles per user. */
        preferenceBundleBytes: Type.Integer({ minimum: 1, default: 65536 }),
        preferenceBundles: Type.Integer({ minimum: 1, default: 100 }),
      },
      { default: {}, additionalProperties: false },
    ),
    /**
     * This node in a pool (docs/pool.md): its name in the node registry and in Set-CsPersistentChatActiveServer;
     * null = the host name. Two nodes on one host need names of their own.
     */
    node: Type.Object(
      {
        name: Type.Union([Type.String({ minLength: 1, pattern: '^[A-Za-z0-9._:-]+$' }), Type.Null()], {
          default: null,
        }),
        /** How often the node renews its registry entry; a node silent for 3 heartbeats counts as gone. */
        heartbeatSeconds: Type.Number({ exclusiveMinimum: 0, default: 5 }),
        /** On SIGTERM (drain) or SIGINT: how long closing may take (thousands of sessions end) before the process exits anyway. */
        drainSeconds: Type.Number({ exclusiveMinimum: 0, default: 30 }),
      },
      { default: {}, additionalProperties: false },
    ),
    /**
     * The bus that carries room events between the nodes of a pool (docs/pool.md). `local`: one process
     * (the default); `nats` (chosen, docs/decisions.md) or `redis` for several nodes on one PostgreSQL.
     */
    bus: Type.Object(
      {
        kind: Type.Union([Type.Literal('local'), Type.Literal('nats'), Type.Literal('redis')], {
          default: 'local',
        }),
        /** nats://host:4222 or redis://host:6379; null = the engine's default on 127.0.0.1. */
        url: Type.Union([Type.String({ pattern: '^(nats|redis|rediss|tls)://' }), Type.Null()], {
          default: null,
        }),
        /** Subject (channel) prefix: pools that share one NATS or Redis need prefixes of their own. */
        prefix: Type.String({ minLength: 1, pattern: '^[A-Za-z0-9_-]+$', default: 'pchat' }),
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
    /** The compliance adapter run of this node (PC-70); what is recorded is set by the cmdlets (PC-73). */
    compliance: Type.Object(
      {
        /** Overrides the configuration's RunInterval on this node (demos, tests); null = RunInterval. */
        runIntervalSeconds: Type.Union([Type.Number({ exclusiveMinimum: 0 }), Type.Null()], {
          default: null,
        }),
        /** Events handed to the adapter per batch. */
        batchSize: Type.Integer({ minimum: 1, maximum: 100000, default: 1000 }),
        /** A claimed batch stays this node's this long; after a crash another node takes it over then. */
        leaseSeconds: Type.Number({ exclusiveMinimum: 0, default: 300 }),
        /** First retry after an adapter failure; doubles per attempt up to maxRetrySeconds. */
        retryBaseSeconds: Type.Number({ exclusiveMinimum: 0, default: 30 }),
        maxRetrySeconds: Type.Number({ exclusiveMinimum: 0, default: 3600 }),
      },
      { default: {}, additionalProperties: false },
    ),
    /** Background retention purge (RetentionDays of categories and the chat configuration). */
    retention: Type.Object(
      {
        intervalSeconds: Type.Number({ exclusiveMinimum: 0, default: 3600 }),
        /** Messages deleted per statement: bounded so a large purge never holds a long transaction. */
        batchSize: Type.Integer({ minimum: 1, maximum: 100000, default: 500 }),
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
