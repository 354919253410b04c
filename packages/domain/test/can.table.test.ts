// A table-driven permission test over privacy × type × role × scope × action (plus the
// disabled-room, policy-off, disabled-user and contact rows). The expected outcome is computed by
// `expected()` below, written from the feature semantics (PC-02..PC-05, PC-14, PC-30..PC-37) and
// docs/decisions.md, not by calling can().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Actor, Category, ChatErrorCode, Room, RoomPrivacy, RoomType } from '../src/index.js';
import { DomainError, assertCan, can, permissionMap } from '../src/index.js';

const ALICE = 'sip:alice@example.test';
const DOMAIN = 'ma-dom:example.test';
const WALL = 'ma-grp:traders@u.g'; // ethical wall (PC-31)

type Role = 'none' | 'member' | 'manager' | 'manager+member' | 'presenter+member' | 'creator';
type Scope = 'allowed' | 'denied' | 'outside' | 'admin';
const PRIVACIES: RoomPrivacy[] = ['Open', 'Closed', 'Secret'];
const TYPES: RoomType[] = ['Normal', 'Auditorium'];
const ROLES: Role[] = ['none', 'member', 'manager', 'manager+member', 'presenter+member', 'creator'];
const SCOPES: Scope[] = ['allowed', 'denied', 'outside', 'admin'];
const ROOM_ACTIONS = [
  'room.view',
  'room.join',
  'room.readHistory',
  'room.post',
  'room.postFile',
  'room.manage',
  'room.delete',
  'history.search',
] as const;
const ADMIN_ACTIONS = [
  'admin.category',
  'admin.policy',
  'admin.configuration',
  'admin.addin',
  'admin.purge',
] as const;
type TableAction =
  | (typeof ROOM_ACTIONS)[number]
  | 'room.changeCategory'
  | 'category.createRoom'
  | (typeof ADMIN_ACTIONS)[number];
const ACTIONS: TableAction[] = [
  ...ROOM_ACTIONS,
  'room.changeCategory',
  'category.createRoom',
  ...ADMIN_ACTIONS,
];

const audit = { createdBy: null, createdOn: 0, updatedBy: null, updatedOn: 0 };
function category(creators: string[], name = 'IT'): Category {
  return {
    id: name,
    uri: `ma-cat://example.test/${name}`,
    poolFqdn: 'p1.example.test',
    name,
    description: '',
    allowedMembers: [DOMAIN],
    deniedMembers: [WALL],
    creators,
    fileUpload: false,
    invitations: false,
    chatHistory: true,
    version: 1,
    audit,
  };
}
function room(privacy: RoomPrivacy, type: RoomType, role: Role, disabled: boolean): Room {
  const has = (r: string): boolean => role.split('+').includes(r);
  return {
    id: 'r1',
    uri: 'ma-chan://example.test/r1',
    poolFqdn: 'p1.example.test',
    categoryId: 'IT',
    name: 'Help Desk',
    description: '',
    privacy,
    type,
    invitations: 'Inherit',
    disabled,
    addinId: null,
    members: has('member') ? [ALICE] : ['sip:bob@example.test'],
    managers: has('manager') ? [ALICE] : [],
    presenters: has('presenter') ? [ALICE] : [],
    version: 1,
    audit,
  };
}
function actor(scope: Scope, extra: Partial<Actor> = {}): Actor {
  const ancestry = new Set([ALICE, scope === 'outside' || scope === 'admin' ? 'ma-dom:other.test' : DOMAIN]);
  if (scope === 'denied') ancestry.add(WALL);
  return {
    uri: ALICE,
    kind: 'user',
    disabled: false,
    ancestry,
    enabledByPolicy: true,
    isChatAdmin: scope === 'admin',
    ...extra,
  };
}

type Outcome = 'allow' | ChatErrorCode;

/** The rules, stated plainly (enabled, active user). */
function expected(
  privacy: RoomPrivacy,
  type: RoomType,
  role: Role,
  scope: Scope,
  disabled: boolean,
  action: TableAction,
): Outcome {
  const admin = scope === 'admin';
  // Role entries count only for principals in the category's scope (PC-32); admins bypass scope (PC-35).
  const inScope = scope === 'allowed' || admin;
  const member = inScope && (role === 'member' || role === 'manager+member' || role === 'presenter+member');
  const manager = inScope && (role === 'manager' || role === 'manager+member');
  const presenter = inScope && role === 'presenter+member';
  const creator = scope === 'allowed' && role === 'creator';

  if (action.startsWith('admin.')) return admin ? 'allow' : 'ErrorPermission'; // PC-40
  if (action === 'category.createRoom') return admin || creator ? 'allow' : 'ErrorPermission'; // PC-33, PC-35

  // PC-03 visibility: Open/Closed to everyone in scope, Secret to members (and managers, D-2). Admins see all.
  const seesRoom = admin || (privacy === 'Secret' ? member || manager : inScope);
  if (!seesRoom) return 'NoSuchNode'; // a hidden room is indistinguishable from a missing one
  const mayRead = privacy === 'Open' ? inScope : member; // PC-03, PC-05, D-1

  switch (action) {
    case 'room.view':
      return disabled && !(manager || admin) ? 'NodeDisabled' : 'allow'; // PC-14, D-3
    case 'room.join':
    case 'room.readHistory':
    case 'history.search':
      if (disabled) return 'NodeDisabled';
      return mayRead ? 'allow' : 'ErrorPermission';
    case 'room.post':
    case 'room.postFile':
      if (disabled) return 'NodeDisabled';
      if (!mayRead) return 'ErrorPermission';
      if (type === 'Auditorium' && !presenter) return 'ErrorPermission'; // PC-02
      // PC-15: the table's category has FileUpload off (the allowed case is in messages.service.test.ts).
      return action === 'room.postFile' ? 'ErrorPermission' : 'allow';
    case 'room.manage':
      return manager || admin ? 'allow' : 'ErrorPermission'; // PC-34, also while disabled (PC-14)
    case 'room.changeCategory':
      // The destination's creators = the whole domain minus the wall, so a manager in scope is a creator there.
      return manager || admin ? 'allow' : 'ErrorPermission';
    case 'room.delete':
      return admin ? 'allow' : 'ErrorPermission'; // PC-14, D-5
  }
  throw new Error(`unhandled ${action}`);
}

function decide(a: Actor, action: TableAction, r: Room, c: Category, to: Category): Outcome {
  const d =
    action === 'category.createRoom'
      ? can(a, action, { category: c })
      : action === 'room.changeCategory'
        ? can(a, action, { room: r, category: c, to })
        : action.startsWith('admin.')
          ? can(a, action as (typeof ADMIN_ACTIONS)[number])
          : can(a, action as (typeof ROOM_ACTIONS)[number], { room: r, category: c });
  if (!d.allowed) assert.ok(d.reason.length > 20, 'a refusal says what went wrong');
  return d.allowed ? 'allow' : d.code;
}

const dest = category([DOMAIN], 'Sales');
let rows = 0;
for (const privacy of PRIVACIES) {
  for (const type of TYPES) {
    test(`can(): ${privacy} ${type} room, every role × scope × action × enabled/disabled`, () => {
      for (const role of ROLES)
        for (const scope of SCOPES)
          for (const disabled of [false, true]) {
            const c = category(role === 'creator' ? [ALICE] : []);
            const r = room(privacy, type, role, disabled);
            const a = actor(scope);
            for (const action of ACTIONS) {
              rows++;
              assert.equal(
                decide(a, action, r, c, dest),
                expected(privacy, type, role, scope, disabled, action),
                `${privacy}/${type}/${role}/${scope}/${disabled ? 'disabled' : 'enabled'}/${action}`,
              );
            }
          }
    });
  }
}

test('can(): policy off — users refused everything with NotEnabledByPolicy; admins keep management (D-4)', () => {
  for (const privacy of PRIVACIES)
    for (const role of ROLES) {
      const r = room(privacy, 'Normal', role, false);
      const c = category(role === 'creator' ? [ALICE] : []);
      for (const action of ACTIONS) {
        const user = decide(actor('allowed', { enabledByPolicy: false }), action, r, c, dest);
        assert.equal(
          user,
          action.startsWith('admin.') ? 'ErrorPermission' : 'NotEnabledByPolicy',
          `${privacy}/${role}/${action}`,
        );
        const chatUse = [
          'room.view',
          'room.join',
          'room.readHistory',
          'room.post',
          'room.postFile',
          'history.search',
        ].includes(action);
        const admin = decide(actor('admin', { enabledByPolicy: false }), action, r, c, dest);
        assert.equal(admin, chatUse ? 'NotEnabledByPolicy' : 'allow', `admin ${privacy}/${role}/${action}`);
      }
    }
});

test('can(): disabled users (PC-26) and contacts (PC-82) can do nothing, admins included', () => {
  for (const scope of SCOPES)
    for (const action of ACTIONS) {
      const r = room('Open', 'Normal', 'manager+member', false);
      const c = category([ALICE]);
      assert.equal(
        decide(actor(scope, { disabled: true }), action, r, c, dest),
        'PrincipalDisabled',
        `${scope}/${action}`,
      );
      assert.equal(
        decide(actor(scope, { kind: 'contact' }), action, r, c, dest),
        'NotAUserPrincipal',
        `${scope}/${action}`,
      );
    }
});

test('can(): a manager moves a room only into a category where they are a Creator (PC-34)', () => {
  const r = room('Closed', 'Normal', 'manager+member', false);
  const noCreators = category([], 'Finance');
  assert.equal(
    decide(actor('allowed'), 'room.changeCategory', r, category([]), noCreators),
    'ErrorPermission',
  );
  assert.equal(decide(actor('admin'), 'room.changeCategory', r, category([]), noCreators), 'allow');
});

test('can(): the table covered every combination', () => {
  assert.equal(rows, PRIVACIES.length * TYPES.length * ROLES.length * SCOPES.length * 2 * ACTIONS.length);
});

test('assertCan() throws the DomainError of the refusal; a hidden Secret room reads as missing', () => {
  const r = room('Secret', 'Normal', 'none', false);
  assert.throws(
    () => assertCan(actor('allowed'), 'room.join', { room: r, category: category([]) }),
    (e: unknown) => e instanceof DomainError && e.code === 'NoSuchNode' && !/secret/i.test(e.message),
  );
  assert.doesNotThrow(() => assertCan(actor('admin'), 'admin.purge'));
});

test('permissionMap() returns the PC-37 flags', () => {
  const c = category([]);
  assert.deepEqual(permissionMap(actor('allowed'), room('Secret', 'Normal', 'none', false), c), ['None']);
  assert.deepEqual(permissionMap(actor('allowed'), room('Closed', 'Normal', 'none', false), c), ['CanView']);
  assert.deepEqual(permissionMap(actor('allowed'), room('Open', 'Normal', 'none', false), c), [
    'CanView',
    'CanJoin',
    'CanReadHistory',
    'CanChat',
  ]);
  assert.deepEqual(
    permissionMap(actor('allowed'), room('Closed', 'Auditorium', 'presenter+member', false), c),
    ['CanView', 'CanJoin', 'CanReadHistory', 'CanAuditoriumChat'],
  );
  assert.deepEqual(permissionMap(actor('allowed'), room('Closed', 'Auditorium', 'manager', false), c), [
    'CanView',
    'CanManageRoom',
  ]);
  assert.deepEqual(permissionMap(actor('allowed'), room('Closed', 'Normal', 'manager+member', true), c), [
    'CanView',
    'CanManageRoom',
  ]);
});
