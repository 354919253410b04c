// The Store: sub-stores over one executor, and transaction() binding a new Store to a kysely
// transaction (nested calls join the outer one).
import type {
  AuditLog,
  ChatMessage,
  ComplianceStore,
  ContactStore,
  CredentialStore,
  DirectoryStore,
  FileStore,
  InvitationStore,
  MessageStore,
  NewComplianceEvent,
  NodeStore,
  PreferenceStore,
  RoomStore,
  Store,
  TopologyStore,
  WebSessionStore,
} from '@pchat/domain';
import type { Kysely } from 'kysely';
import type { Ctx } from './context.js';
import type { DialectName } from './dialect.js';
import { SqlContacts } from './contacts.js';
import { SqlDirectory } from './directory.js';
import { SqlFiles } from './files.js';
import { GroupCommitter } from './group-commit.js';
import { insertComplianceEvents, SqlCompliance } from './compliance.js';
import { pgAppendBatch, sqliteAppender, type Appending } from './fast-append.js';
import { noSuchRoom, SqlMessages } from './messages.js';
import { SqlRooms } from './rooms.js';
import type { DB } from './schema.js';
import { SqlAudit } from './audit.js';
import { SqlInvitations } from './invitations.js';
import { SqlPreferences } from './preferences.js';
import { SqlNodes } from './nodes.js';
import { SqlCredentials, SqlTopology } from './topology.js';
import { assertNotInOwnTx, inTxScope } from './tx-guard.js';
import { SqlWebSessions } from './web-sessions.js';

export class SqlStore implements Store {
  readonly nodes: NodeStore;
  readonly directory: DirectoryStore;
  readonly credentials: CredentialStore;
  readonly topology: TopologyStore;
  readonly rooms: RoomStore;
  readonly messages: MessageStore;
  readonly invitations: InvitationStore;
  readonly preferences: PreferenceStore;
  readonly audit: AuditLog;
  readonly files: FileStore;
  readonly compliance: ComplianceStore;
  readonly contacts: ContactStore;
  readonly webSessions: WebSessionStore;

  constructor(
    private readonly c: Ctx,
    private readonly committer: GroupCommitter<Appending, ChatMessage> | null,
    private readonly onClose: () => Promise<void>,
    private readonly recorder: GroupCommitter<readonly NewComplianceEvent[], void> | null = null,
  ) {
    this.directory = new SqlDirectory(c);
    this.nodes = new SqlNodes(c);
    this.credentials = new SqlCredentials(c);
    this.topology = new SqlTopology(c);
    this.rooms = new SqlRooms(c);
    this.messages = new SqlMessages(c, committer);
    this.invitations = new SqlInvitations(c);
    this.preferences = new SqlPreferences(c);
    this.audit = new SqlAudit(c);
    this.files = new SqlFiles(c);
    this.compliance = new SqlCompliance(c, recorder);
    this.contacts = new SqlContacts(c);
    this.webSessions = new SqlWebSessions(c);
  }

  get dialect(): DialectName {
    return this.c.dialect;
  }

  /** The kysely instance (root or transaction), for tools such as the benchmarks' bulk loader. */
  get kysely(): Kysely<DB> {
    return this.c.ex;
  }

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.c.inTx) return fn(this);
    assertNotInOwnTx(this.c.db);
    const run = () =>
      this.c.db
        .transaction()
        .execute((trx) => fn(new SqlStore({ ...this.c, ex: trx, inTx: true }, null, async () => {})));
    return this.c.guardTransactions ? inTxScope(this.c.db, run) : run();
  }

  async close(): Promise<void> {
    if (this.c.inTx) return;
    await this.committer?.idle();
    await this.recorder?.idle();
    await this.onClose();
  }
}

export function makeStore(c: Ctx, onClose: () => Promise<void>): SqlStore {
  const sqliteAppend = c.sqlite ? sqliteAppender(c.sqlite) : null;
  const commit = sqliteAppend
    ? // Under kysely's connection lock, so it never runs inside someone else's kysely transaction.
      (items: Appending[]) => c.db.connection().execute(async () => sqliteAppend(items, c.now()))
    : (items: Appending[]) => pgAppendBatch(c.db, items, c.now());
  const committer = new GroupCommitter<Appending, ChatMessage>(async (items) => {
    try {
      return await commit(items);
    } catch (e) {
      throw items.length === 1 && items[0] ? noSuchRoom(e, items[0].m.roomId) : e;
    }
  });
  // Compliance events recorded outside a message append (JOIN, PART, BACKCHAT, FILE*, history-off CHAT)
  // share commits the same way.
  const recorder = new GroupCommitter<readonly NewComplianceEvent[], void>(async (batches) => {
    await c.db.transaction().execute((trx) => insertComplianceEvents(trx, batches.flat()));
    return batches.map(() => undefined);
  });
  return new SqlStore(c, committer, onClose, recorder);
}
