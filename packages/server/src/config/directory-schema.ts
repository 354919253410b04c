// `directory`: where users, groups and OUs come from (PC-26). `builtin` = pchat's own directory (the admin
// cmdlets); `ldap` = synced from Active Directory or OpenLDAP. Attribute names and filters default to the
// chosen preset (directory/ldap/presets.ts); docs/directory.md explains every key.
import Type from 'typebox';

const NullableString = Type.Union([Type.String({ minLength: 1 }), Type.Null()], { default: null });

export const DirectorySchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('builtin'), Type.Literal('ldap')], { default: 'builtin' }),
    ldap: Type.Object(
      {
        /** ldaps://host:636, or ldap://host:389 with startTls (plain ldap:// only on 127.0.0.1 for tests). */
        url: Type.String({ default: 'ldaps://127.0.0.1:636' }),
        startTls: Type.Boolean({ default: false }),
        /** PEM CA bundle that signs the directory's certificate; null = the system's CAs. */
        tlsCaFile: NullableString,
        preset: Type.Union([Type.Literal('ad'), Type.Literal('openldap')], { default: 'ad' }),
        bindDn: Type.String({ default: '' }),
        /** The bind password, read from this file (mode 0600 recommended) ... */
        bindPasswordFile: NullableString,
        /** ... or from this environment variable. Never written to any log. */
        bindPasswordEnv: NullableString,
        baseDns: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
        /** LDAP filters (RFC 4515); null = the preset's. An empty string turns a kind off. */
        filters: Type.Object(
          {
            user: Type.Union([Type.String(), Type.Null()], { default: null }),
            contact: Type.Union([Type.String(), Type.Null()], { default: null }),
            group: Type.Union([Type.String(), Type.Null()], { default: null }),
            ou: Type.Union([Type.String(), Type.Null()], { default: null }),
          },
          { default: {}, additionalProperties: false },
        ),
        /** Attribute names; null = the preset's. */
        attributes: Type.Object(
          {
            sipAddress: NullableString,
            upn: NullableString,
            login: NullableString,
            displayName: NullableString,
            email: NullableString,
            company: NullableString,
            guid: NullableString,
            member: NullableString,
            changeMarker: NullableString,
          },
          { default: {}, additionalProperties: false },
        ),
        /**
         * Disabled accounts: AD reads bit 2 (ACCOUNTDISABLE) of userAccountControl; elsewhere name an
         * attribute, and the value that means disabled (null = present means disabled).
         */
        disabled: Type.Object(
          {
            attribute: NullableString,
            bit: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()], { default: null }),
            value: NullableString,
          },
          { default: {}, additionalProperties: false },
        ),
        /** NetBIOS names by DNS domain for DOMAIN\\sAMAccountName (default: the first label, upper case). */
        netbiosNames: Type.Record(Type.String(), Type.String(), { default: {} }),
        pageSize: Type.Integer({ minimum: 1, maximum: 5000, default: 500 }),
        /** Incremental sync every this many seconds; 0 = only on demand (Update-CsUserDatabase). */
        intervalSeconds: Type.Integer({ minimum: 0, default: 300 }),
        /** A full read (catches deletions and moves) every this many minutes. */
        fullSyncMinutes: Type.Integer({ minimum: 1, default: 1440 }),
        timeoutSeconds: Type.Integer({ minimum: 1, default: 30 }),
        /** Retry after a failed sync: doubling from initial to max. */
        retryInitialSeconds: Type.Integer({ minimum: 1, default: 5 }),
        retryMaxSeconds: Type.Integer({ minimum: 1, default: 600 }),
        /** Directory objects per store transaction. */
        batchSize: Type.Integer({ minimum: 1, maximum: 100000, default: 1000 }),
      },
      { default: {}, additionalProperties: false },
    ),
    /** Sign-in with the directory password (docs/directory.md "Sign-in"). */
    signIn: Type.Object(
      {
        /** POST /v1/auth/directory-token issues tokens valid this long. */
        tokenMinutes: Type.Integer({ minimum: 1, maximum: 60, default: 10 }),
      },
      { default: {}, additionalProperties: false },
    ),
  },
  { default: {}, additionalProperties: false },
);
