import assert from 'node:assert/strict';
import { isDomainError, type ChatErrorCode } from '@pchat/domain';

/** Asserts that fn rejects with a DomainError of the given code (never a driver error). */
export async function rejectsWith(fn: () => Promise<unknown>, code: ChatErrorCode): Promise<void> {
  await assert.rejects(fn, (e: unknown) => {
    assert.ok(isDomainError(e), `expected DomainError ${code}, got ${String(e)}`);
    assert.equal(e.code, code);
    return true;
  });
}
