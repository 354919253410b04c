import type { Store } from '@pchat/domain';
import type { DriverUnderTest, Fresh } from './harness.js';

/** Runs body against a fresh store and always closes it. */
export async function withStore(
  d: DriverUnderTest,
  body: (s: Store, f: Fresh) => Promise<void>,
  now?: () => number,
): Promise<void> {
  const f = await d.fresh(now);
  try {
    await body(f.store, f);
  } finally {
    await f.store.close();
  }
}
