// WebSessionStore contracts (docs/web.md "Sessions and passwords"): kept by token hash, expiry, sign-out,
// all of a user's sessions ended at once, bounded purge of expired ones.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SqlStore } from '../../src/index.js';
import type { DriverUnderTest } from './harness.js';
import { withStore } from './with-store.js';

const ALICE = 'sip:alice@example.test';
const BOB = 'sip:bob@example.test';

export function webSessionContracts(d: DriverUnderTest): void {
  describe('web sessions', () => {
    it('a session is found by its token until it expires, and by no other token', () =>
      withStore(d, async (s) => {
        await s.webSessions.put('token-a', { uri: ALICE, createdOn: 1000, expiresOn: 5000 });
        assert.deepEqual(await s.webSessions.get('token-a', 4999), {
          uri: ALICE,
          createdOn: 1000,
          expiresOn: 5000,
        });
        assert.equal(await s.webSessions.get('token-a', 5000), null);
        assert.equal(await s.webSessions.get('token-b', 1000), null);
        assert.equal(await s.webSessions.get('', 1000), null);
      }));

    it('the token itself is not stored', () =>
      withStore(d, async (s) => {
        await s.webSessions.put('a-secret-token-value', { uri: ALICE, createdOn: 1, expiresOn: 9 });
        const rows = await (s as SqlStore).kysely.selectFrom('web_sessions').selectAll().execute();
        assert.equal(rows.length, 1);
        assert.ok(!JSON.stringify(rows).includes('a-secret-token-value'));
      }));

    it('put under the same token replaces the session; delete ends it', () =>
      withStore(d, async (s) => {
        await s.webSessions.put('t', { uri: ALICE, createdOn: 1, expiresOn: 100 });
        await s.webSessions.put('t', { uri: BOB, createdOn: 2, expiresOn: 200 });
        assert.equal((await s.webSessions.get('t', 150))?.uri, BOB);
        await s.webSessions.delete('t');
        assert.equal(await s.webSessions.get('t', 3), null);
        await s.webSessions.delete('t'); // no error the second time
      }));

    it('deleteForUser ends every session of that user only, whatever the case of the address', () =>
      withStore(d, async (s) => {
        await s.webSessions.put('a1', { uri: ALICE, createdOn: 1, expiresOn: 100 });
        await s.webSessions.put('a2', { uri: 'sip:Alice@Example.test', createdOn: 1, expiresOn: 100 });
        await s.webSessions.put('b1', { uri: BOB, createdOn: 1, expiresOn: 100 });
        assert.equal(await s.webSessions.deleteForUser('sip:ALICE@example.test'), 2);
        assert.equal(await s.webSessions.get('a1', 2), null);
        assert.equal(await s.webSessions.get('a2', 2), null);
        assert.equal((await s.webSessions.get('b1', 2))?.uri, BOB);
      }));

    it('purgeExpired removes only expired sessions, at most limit per call', () =>
      withStore(d, async (s) => {
        for (let i = 0; i < 5; i++)
          await s.webSessions.put(`old${i}`, { uri: ALICE, createdOn: 1, expiresOn: 10 + i });
        await s.webSessions.put('live', { uri: ALICE, createdOn: 1, expiresOn: 1000 });
        assert.equal(await s.webSessions.purgeExpired(100, 3), 3);
        assert.equal(await s.webSessions.purgeExpired(100, 3), 2);
        assert.equal(await s.webSessions.purgeExpired(100, 3), 0);
        assert.equal((await s.webSessions.get('live', 100))?.uri, ALICE);
      }));
  });
}
