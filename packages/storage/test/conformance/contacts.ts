// ContactStore contracts (PC-86): deltaNum counts every change, group ids are max + 1, names are unique
// in any case, deleting a group takes it off its contacts (and deletes those left in no group), unknown
// groups are NoSuchNode, blocks are idempotent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DriverUnderTest } from './harness.js';
import { rejectsWith } from './expect.js';
import { withStore } from './with-store.js';

const alice = 'sip:alice@example.test';

export function contactContracts(d: DriverUnderTest): void {
  describe('contacts', () => {
    it('an empty list, then groups and contacts, each change raising deltaNum by one', () =>
      withStore(d, async (s) => {
        assert.deepEqual(await s.contacts.list(alice), { deltaNum: 0, groups: [], contacts: [] });
        const a = await s.contacts.addGroup(alice, 'Friends');
        assert.deepEqual(a, { group: { id: 1, name: 'Friends' }, deltaNum: 1 });
        const b = await s.contacts.addGroup('SIP:Alice@example.test', 'Work');
        assert.deepEqual(b, { group: { id: 2, name: 'Work' }, deltaNum: 2 });
        await rejectsWith(() => s.contacts.addGroup(alice, 'friends'), 'DuplicateName');
        const set = await s.contacts.setContact(alice, {
          uri: 'sip:Bob@example.test',
          name: 'Bob',
          groups: [1, 2],
          subscribed: true,
        });
        assert.deepEqual(set, { deltaNum: 3, created: true });
        assert.deepEqual(
          await s.contacts.setContact(alice, {
            uri: 'sip:bob@example.test',
            name: 'B',
            groups: [2],
            subscribed: true,
          }),
          { deltaNum: 4, created: false },
        );
        await rejectsWith(
          () =>
            s.contacts.setContact(alice, {
              uri: 'sip:carol@example.test',
              name: '',
              groups: [9],
              subscribed: true,
            }),
          'NoSuchNode',
        );
        assert.deepEqual(await s.contacts.list(alice), {
          deltaNum: 4,
          groups: [
            { id: 1, name: 'Friends' },
            { id: 2, name: 'Work' },
          ],
          contacts: [{ uri: 'sip:bob@example.test', name: 'B', groups: [2], subscribed: true }],
        });
        // Another user's list is separate.
        assert.equal((await s.contacts.list('sip:bob@example.test')).groups.length, 0);
      }));

    it('rename and delete groups; a contact left in no group goes with its group', () =>
      withStore(d, async (s) => {
        await s.contacts.addGroup(alice, 'A');
        await s.contacts.addGroup(alice, 'B');
        assert.equal(await s.contacts.renameGroup(alice, 1, 'Alpha'), 3);
        await rejectsWith(() => s.contacts.renameGroup(alice, 1, 'b'), 'DuplicateName');
        await rejectsWith(() => s.contacts.renameGroup(alice, 7, 'x'), 'NoSuchNode');
        await s.contacts.setContact(alice, {
          uri: 'sip:bob@example.test',
          name: '',
          groups: [1, 2],
          subscribed: true,
        });
        await s.contacts.setContact(alice, {
          uri: 'sip:carol@example.test',
          name: '',
          groups: [1],
          subscribed: false,
        });
        const r = await s.contacts.deleteGroup(alice, 1);
        assert.deepEqual(r, {
          deltaNum: 6,
          modified: [{ uri: 'sip:bob@example.test', name: '', groups: [2], subscribed: true }],
          deleted: ['sip:carol@example.test'],
        });
        await rejectsWith(() => s.contacts.deleteGroup(alice, 1), 'NoSuchNode');
        // The next group gets max + 1.
        assert.equal((await s.contacts.addGroup(alice, 'C')).group.id, 3);
        assert.equal(await s.contacts.deleteContact(alice, 'sip:BOB@example.test'), 8);
        assert.equal(await s.contacts.deleteContact(alice, 'sip:bob@example.test'), null);
        assert.equal((await s.contacts.list(alice)).deltaNum, 8);
      }));

    it('blocks: idempotent, case-insensitive, ascending', () =>
      withStore(d, async (s) => {
        await s.contacts.setBlocked(alice, 'sip:Zed@example.test', true);
        await s.contacts.setBlocked(alice, 'sip:bob@example.test', true);
        await s.contacts.setBlocked(alice, 'sip:bob@example.test', true);
        assert.deepEqual(await s.contacts.blocked('SIP:ALICE@example.test'), [
          'sip:bob@example.test',
          'sip:zed@example.test',
        ]);
        await s.contacts.setBlocked(alice, 'sip:zed@example.test', false);
        await s.contacts.setBlocked(alice, 'sip:nobody@example.test', false);
        assert.deepEqual(await s.contacts.blocked(alice), ['sip:bob@example.test']);
      }));
  });
}
