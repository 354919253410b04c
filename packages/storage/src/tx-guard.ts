// Catches a store misuse that would otherwise hang: inside `transaction(fn)`, calling the ROOT store
// instead of `tx`. On SQLite the transaction holds the only connection, so the root call waits for it
// forever; on PostgreSQL it would run outside the transaction and break its atomicity. Either way the
// caller gets a clear error instead.
import { AsyncLocalStorage } from 'node:async_hooks';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

interface Scope {
  root: object;
  active: boolean;
}

const scope = new AsyncLocalStorage<Scope>();

/** Runs fn as the body of a transaction of `root`; the scope ends when fn settles. */
export async function inTxScope<T>(root: object, fn: () => Promise<T>): Promise<T> {
  const s: Scope = { root, active: true };
  try {
    return await scope.run(s, fn);
  } finally {
    // Work spawned inside the transaction that outlives it must not be flagged afterwards.
    s.active = false;
  }
}

export function assertNotInOwnTx(root: object): void {
  const s = scope.getStore();
  if (s?.active && s.root === root)
    throw new Error(
      'The root store was used inside its own transaction(fn): use the `tx` store passed to fn ' +
        '(on SQLite this call would wait forever for the connection the transaction holds).',
    );
}

/** Applied to the root store's executor only (transactions are created from the plain instance). */
export class TxGuardPlugin implements KyselyPlugin {
  constructor(private readonly root: object) {}
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    assertNotInOwnTx(this.root);
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}
