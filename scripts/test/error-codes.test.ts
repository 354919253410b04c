// One vocabulary of refusals: the domain's error codes, the codec's list (which the SDK reads) and the
// SDK's public view are the same set. The SDK never imports the domain; this test is what ties them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CHAT_ERROR_CODES } from '@pchat/domain';
import { PERSISTENT_CHAT_ERROR_CODES } from '@pchat/protocol';
import { PC88_CODES, PCHAT_CODES, isPersistentChatErrorCode } from '@pchat/sdk';

test("the SDK's error codes equal the domain's (through the codec's one list)", () => {
  const sorted = (xs: readonly string[]) => [...xs].sort();
  assert.deepEqual(sorted(PERSISTENT_CHAT_ERROR_CODES), sorted(CHAT_ERROR_CODES));
  assert.deepEqual(sorted([...PC88_CODES, ...PCHAT_CODES]), sorted(CHAT_ERROR_CODES));
  for (const c of CHAT_ERROR_CODES) assert.ok(isPersistentChatErrorCode(c), c);
});
