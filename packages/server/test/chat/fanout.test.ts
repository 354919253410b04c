// Fan-out (PC-08): a slow receiver is dropped while the others keep receiving; the Bus port carries
// message ids so a node catches up from the store after a gap; two nodes on one store and bus.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { InProcessBus, type RoomBusEvent } from '../../src/chat/index.js';
import { Outbound } from '../../src/chat/outbound.js';
import { Kit, settle, sip } from './kit.js';

describe('slow receivers', () => {
  let kit: Kit;
  before(async () => {
    kit = await Kit.create({ outbound: { maxQueued: 5, maxQueuedBytes: 1 << 20 } });
  });
  after(() => kit.close());

  it('a receiver that falls too far behind is dropped; the room carries on for everyone else', async () => {
    const room = kit.world.open;
    const fast = await kit.connect('alice');
    const other = await kit.connect('bob');
    const slow = await kit.connect('carol', { slow: true });
    await fast.join(room);
    await other.join(room);
    await slow.join(room); // rpl:join goes out; the sink reports backpressure from then on
    fast.clear();
    other.clear();
    for (let i = 0; i < 10; i++) await fast.post(room, `m${i}`);
    await settle(() => slow.closedWith !== null);
    assert.equal(slow.closedWith, 'slow-consumer');
    assert.ok(slow.texts().length <= 1, 'nothing more reached the stalled sink');
    const expected = Array.from({ length: 10 }, (_, i) => `m${i}`);
    assert.deepEqual(fast.texts(), expected);
    assert.deepEqual(other.texts(), expected);
    assert.ok(
      other.notices('part').some((n) => n.type === 'part' && n.users.includes(sip('carol'))),
      'the others see carol leave',
    );
    await fast.post(room, 'after the drop');
    assert.equal(other.texts().at(-1), 'after the drop');
  });

  it('the outbound queue holds bodies while the sink is backed up and sends them in order when it drains', () => {
    const sent: string[] = [];
    let accept = false;
    let overflow = 0;
    const out = new Outbound(
      {
        send: (b) => {
          sent.push(b);
          return accept;
        },
        close: () => undefined,
      },
      { maxQueued: 3, maxQueuedBytes: 100, highWaterBytes: 10 },
      () => overflow++,
    );
    out.push('a'); // sent; the sink says "full"
    out.push('b');
    out.push('c');
    assert.deepEqual(sent, ['a']);
    assert.equal(out.queued, 2);
    accept = true;
    out.drained();
    assert.deepEqual(sent, ['a', 'b', 'c']);
    out.push('d');
    assert.deepEqual(sent, ['a', 'b', 'c', 'd']);
    assert.equal(overflow, 0);
    // bufferedAmount over the high-water mark also counts as backed up; the byte bound drops too.
    let buffered = 50;
    const held: string[] = [];
    const out2 = new Outbound(
      {
        send: (b) => {
          held.push(b);
        },
        close: () => undefined,
        bufferedAmount: () => buffered,
      },
      { maxQueued: 100, maxQueuedBytes: 8, highWaterBytes: 10 },
      () => overflow++,
    );
    out2.push('12345');
    assert.equal(held.length, 0);
    buffered = 0;
    out2.push('678');
    assert.deepEqual(held, ['12345', '678']);
    buffered = 50;
    out2.push('123456789');
    assert.equal(overflow, 1);
  });
});

describe('bus and nodes', () => {
  const bus = new InProcessBus();
  let kit: Kit;
  before(async () => {
    kit = await Kit.create({ bus });
  });
  after(() => kit.close());

  it('in-process bus: publish reaches the subscribers of that room only; unsubscribe stops it', () => {
    const b = new InProcessBus();
    const got: string[] = [];
    const off = b.subscribe('r1', (e) => got.push(`1:${'message' in e ? e.message.text : ''}`));
    b.subscribe('r2', (e) => got.push(`2:${'message' in e ? e.message.text : ''}`));
    const ev = (text: string): RoomBusEvent => ({
      type: 'message',
      roomId: 'r1',
      stored: false,
      message: {
        id: 0,
        ts: 0,
        roomId: 'r1',
        author: 'sip:a@x',
        kind: 'plain',
        text,
        storyTitle: null,
        rtf: null,
        parts: null,
      },
    });
    b.publish('r1', ev('x'));
    off();
    b.publish('r1', ev('y'));
    assert.deepEqual(got, ['1:x']);
    assert.equal(b.topicCount, 1);
  });

  it('a gap in message ids is filled from the store, in order', async () => {
    const room = kit.world.closed;
    const alice = await kit.connect('alice');
    await alice.join(room);
    alice.clear();
    // Another node committed two posts; only the second one's event reached us.
    const base = {
      roomId: room.id,
      author: sip('bob'),
      kind: 'plain' as const,
      storyTitle: null,
      rtf: null,
      parts: null,
    };
    await kit.store.messages.append({ ...base, text: 'lost event' });
    const m2 = await kit.store.messages.append({ ...base, text: 'seen event' });
    bus.publish(room.id, { type: 'message', roomId: room.id, message: m2, stored: true });
    await settle(() => alice.messages().length >= 2);
    assert.deepEqual(alice.texts(), ['lost event', 'seen event']);
    // A duplicate event is ignored.
    bus.publish(room.id, { type: 'message', roomId: room.id, message: m2, stored: true });
    assert.deepEqual(alice.texts(), ['lost event', 'seen event']);
    alice.handle.end('bye');
  });

  it('two nodes on one store and one bus: a post on node A reaches members on node B', async () => {
    const nodeB = await kit.node(bus);
    const room = kit.world.open;
    const alice = await kit.connect('alice');
    const bob = await kit.connect('bob', { service: nodeB });
    await alice.join(room);
    await bob.join(room);
    await alice.post(room, 'across nodes');
    assert.deepEqual(bob.texts(), ['across nodes']);
    assert.deepEqual(alice.texts(), ['across nodes']);
    await bob.post(room, 'and back');
    assert.deepEqual(alice.texts(), ['across nodes', 'and back']);
  });
});
