// Versioned migrations, applied in order on open. Add a file per version; never edit a released one.
import type { DialectName } from '../dialect.js';
import { initialSchema } from './001-initial.js';
import { trustedApplicationPools } from './002-trusted-application-pools.js';
import { files } from './003-files.js';
import { complianceQueue } from './004-compliance.js';
import { directoryNames } from './005-directory-names.js';
import { nodes } from './006-nodes.js';
import { contacts } from './007-contacts.js';
import { webSessions } from './012-web-sessions.js';

export interface Migration {
  version: number;
  name: string;
  statements(d: DialectName): string[];
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', statements: initialSchema },
  { version: 2, name: 'trusted application pools', statements: trustedApplicationPools },
  { version: 3, name: 'files', statements: files },
  { version: 4, name: 'compliance queue', statements: complianceQueue },
  { version: 5, name: 'principal names and directory sync state', statements: directoryNames },
  { version: 6, name: 'node registry', statements: nodes },
  { version: 7, name: 'roaming contact lists and presence blocks', statements: contacts },
  { version: 12, name: 'web sessions', statements: webSessions },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
