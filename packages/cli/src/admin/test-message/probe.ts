// Test-CsPersistentChatMessage over the network (PC-50), as the Lync cmdlet did it: sign two test users in
// with the SDK (SIP over TCP or TLS, Digest), establish Persistent Chat for both, join one room (-ChatRoomUri,
// or the first room both may join and post in), send a message each way and wait until the other receives
// it, leave, sign out. Every step is timed and bounded; a refusal ends the test at once with the reason and
// the fix (diagnose.ts). The two messages stay in the room's history, as with the Lync cmdlet.
import { randomUUID } from 'node:crypto';
import {
  ChatRoomSession,
  CollaborationPlatform,
  PersistentChatEndpoint,
  PersistentChatError,
  UserEndpoint,
  tcpTransport,
  tlsTransport,
  type ChatRoomSummary,
} from '@pchat/sdk/node';
import { diagnose, ProbeFailure, type Failure, type Phase } from './diagnose.js';
import type { TestSettings, TestUser } from './options.js';

export interface StepReport {
  step: string;
  result: 'Success' | 'Failure' | 'Skipped';
  latencyMs: number;
}

export interface TestReport {
  targetFqdn: string;
  result: 'Success' | 'Failure';
  latency: string;
  error: string | null;
  diagnosis: string | null;
  senderSipAddress: string;
  receiverSipAddress: string;
  transport: string;
  chatRoom: string | null;
  chatRoomUri: string | null;
  latencyMs: number;
  steps: StepReport[];
}

interface Side {
  user: TestUser;
  platform: CollaborationPlatform;
  endpoint: UserEndpoint;
  chat: PersistentChatEndpoint | null;
  session: ChatRoomSession | null;
  received: Array<{ text: string; author: string }>;
  waiters: Array<() => void>;
}

/** PowerShell TimeSpan text: 00:00:01.2340000. */
export function timeSpan(ms: number): string {
  const total = Math.max(0, Math.round(ms * 10_000)); // ticks of 100 ns
  const h = Math.floor(total / 36_000_000_000);
  const m = Math.floor((total % 36_000_000_000) / 600_000_000);
  const s = Math.floor((total % 600_000_000) / 10_000_000);
  const f = total % 10_000_000;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(h)}:${two(m)}:${two(s)}.${String(f).padStart(7, '0')}`;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new PersistentChatError('OperationTimeout', `${what}: no answer within ${ms} ms.`)),
      ms,
    );
  });
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}

export async function runProbe(s: TestSettings): Promise<TestReport> {
  const server = `${s.host.includes(':') ? `[${s.host}]` : s.host}:${s.port}`;
  const steps: StepReport[] = [];
  const started = performance.now();
  let failure: Failure | null = null;
  let room: ChatRoomSummary | null = null;
  const sides: Side[] = [];

  /** Runs one timed step; a throw becomes the test's failure (diagnosed for the phase and user). */
  const step = async <T>(name: string, phase: Phase, user: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      const out = await withTimeout(fn(), s.stepMs + 1000, name);
      steps.push({ step: name, result: 'Success', latencyMs: Math.round(performance.now() - t0) });
      return out;
    } catch (e) {
      steps.push({ step: name, result: 'Failure', latencyMs: Math.round(performance.now() - t0) });
      throw new ProbeFailure(
        diagnose(e, {
          phase,
          user,
          server,
          ...(room ? { room: room.name } : s.chatRoomUri ? { room: s.chatRoomUri } : {}),
        }),
      );
    }
  };

  const open = async (user: TestUser): Promise<Side> => {
    const transport =
      s.transport === 'Tls'
        ? tlsTransport({ ...(s.ca ? { ca: s.ca } : {}), servername: s.host })
        : tcpTransport();
    const platform = new CollaborationPlatform({
      applicationName: 'pchat Test-CsPersistentChatMessage',
      transport,
      timeouts: { connectMs: Math.min(s.stepMs, 5000), requestMs: s.stepMs },
    });
    await platform.startup();
    const endpoint = new UserEndpoint(platform, {
      ownerUri: user.sipAddress,
      server,
      credentials: { username: user.username, password: user.password },
    });
    const side: Side = { user, platform, endpoint, chat: null, session: null, received: [], waiters: [] };
    sides.push(side);
    await step(`Sign in ${user.sipAddress}`, 'signIn', user.sipAddress, () => endpoint.establish());
    return side;
  };

  const establishChat = (side: Side) =>
    step(`Establish Persistent Chat for ${side.user.sipAddress}`, 'chat', side.user.sipAddress, async () => {
      const prov = await side.endpoint.getProvisioningData();
      const uri = prov.persistentChatConfiguration.defaultPersistentChatUri;
      if (!uri)
        throw new ProbeFailure({
          code: 'NotProvisioned',
          error: `In-band provisioning gives ${side.user.sipAddress} no Persistent Chat server URI.`,
          diagnosis:
            "No Persistent Chat pool serves this user. Check the pool (Get-CsPersistentChatState) and the user's site.",
        });
      const chat = new PersistentChatEndpoint(uri, side.endpoint);
      side.chat = chat;
      await chat.establish();
    });

  const candidates = async (a: Side, b: Side): Promise<ChatRoomSummary[]> => {
    if (s.chatRoomUri) return [{ uri: s.chatRoomUri, name: s.chatRoomUri, description: null }];
    return step('Find a room both users may join', 'room', a.user.sipAddress, async () => {
      const mine = await (a.chat as PersistentChatEndpoint).persistentChatServices.browseMyChatRooms();
      const theirs = new Set(
        (await (b.chat as PersistentChatEndpoint).persistentChatServices.browseMyChatRooms()).map(
          (r) => r.uri,
        ),
      );
      const both = mine.filter((r) => theirs.has(r.uri));
      if (both.length === 0) {
        throw new ProbeFailure({
          code: 'NoCommonRoom',
          error: `No room exists that both ${a.user.sipAddress} and ${b.user.sipAddress} are members of.`,
          diagnosis:
            'Create one with both as members (New-CsPersistentChatRoom -Name "Test" -Category <category> -Members <sender>,<receiver>), or name a room with -ChatRoomUri.',
        });
      }
      return both;
    });
  };

  const join = (side: Side, target: ChatRoomSummary) =>
    step(`Join ${target.name} as ${side.user.sipAddress}`, 'join', side.user.sipAddress, async () => {
      const session = new ChatRoomSession(side.chat as PersistentChatEndpoint);
      session.on('chatMessageReceived', ({ message, catchUp }) => {
        if (catchUp) return;
        side.received.push({ text: message.messageContent, author: message.messageAuthor });
        for (const w of side.waiters.splice(0)) w();
      });
      await session.join(target.uri.startsWith('ma-chan://') ? target : target.name);
      side.session = session;
      if (!room || room.uri !== session.chatRoomUri)
        room = {
          uri: session.chatRoomUri ?? target.uri,
          name: session.name ?? target.name,
          description: null,
        };
    });

  const exchange = (from: Side, to: Side, token: string) => {
    const text = `Test-CsPersistentChatMessage ${token} from ${from.user.sipAddress}`;
    return step(
      `Send ${from.user.sipAddress} -> ${to.user.sipAddress}`,
      'send',
      from.user.sipAddress,
      async () => {
        await (from.session as ChatRoomSession).sendChatMessage(text);
        const arrived = () => to.received.some((m) => m.text === text);
        const deadline = performance.now() + s.stepMs;
        while (!arrived()) {
          const left = deadline - performance.now();
          if (left <= 0) {
            throw new ProbeFailure({
              code: 'NotDelivered',
              error: `The message from ${from.user.sipAddress} did not reach ${to.user.sipAddress} within ${s.stepMs} ms.`,
              diagnosis:
                'The post was stored but not delivered to the other participant. Check the server log (fan-out), then run the test again.',
            });
          }
          await new Promise<void>((r) => {
            const timer = setTimeout(r, left);
            to.waiters.push(() => {
              clearTimeout(timer);
              r();
            });
          });
        }
      },
    );
  };

  const leaveBoth = async () => {
    for (const side of sides) {
      const session = side.session;
      if (!session) continue;
      side.session = null;
      await step(`Leave as ${side.user.sipAddress}`, 'leave', side.user.sipAddress, () => session.leave());
    }
  };

  try {
    const a = await open(s.sender);
    const b = await open(s.receiver);
    await establishChat(a);
    await establishChat(b);
    const rooms = await candidates(a, b);
    // Auto-picked rooms are tried in order: one where a user may not post (an auditorium) is skipped.
    for (let i = 0; i < rooms.length; i++) {
      const target = rooms[i] as ChatRoomSummary;
      const mark = steps.length;
      const t0 = performance.now();
      try {
        room = null;
        await join(a, target);
        await join(b, target);
        const token = randomUUID().slice(0, 8);
        await exchange(a, b, token);
        await exchange(b, a, token);
        await leaveBoth();
        break;
      } catch (e) {
        const permission = e instanceof ProbeFailure && e.failure.code === 'ErrorPermission';
        if (s.chatRoomUri || !permission || i === rooms.length - 1) throw e;
        for (const side of sides) {
          const session = side.session;
          side.session = null;
          side.received.length = 0;
          if (session) await session.leave().catch(() => undefined);
        }
        // The attempt's steps collapse into one line saying why the room was passed over.
        steps.splice(mark);
        steps.push({
          step: `Room ${target.name} skipped: ${e.failure.error.split(': ')[0] as string}`,
          result: 'Skipped',
          latencyMs: Math.round(performance.now() - t0),
        });
      }
    }
  } catch (e) {
    failure =
      e instanceof ProbeFailure
        ? e.failure
        : diagnose(e, { phase: 'signIn', user: s.sender.sipAddress, server });
  } finally {
    await signOut(sides, steps, s.stepMs, failure === null);
  }
  const ms = performance.now() - started;
  const chosen = room as ChatRoomSummary | null;
  return {
    targetFqdn: server,
    result: failure ? 'Failure' : 'Success',
    latency: timeSpan(ms),
    error: failure?.error ?? null,
    diagnosis: failure?.diagnosis ?? null,
    senderSipAddress: s.sender.sipAddress,
    receiverSipAddress: s.receiver.sipAddress,
    transport: s.transport,
    chatRoom: chosen?.name ?? null,
    chatRoomUri: chosen?.uri ?? null,
    latencyMs: Math.round(ms),
    steps,
  };
}

/** Leaves and signs out whatever was opened, bounded; steps are reported only when the test got that far. */
async function signOut(sides: Side[], steps: StepReport[], stepMs: number, report: boolean): Promise<void> {
  for (const side of sides) {
    const t0 = performance.now();
    let ok = true;
    try {
      await withTimeout(
        (async () => {
          if (side.session) await side.session.leave().catch(() => undefined);
          if (side.chat) await side.chat.terminate();
          if (side.endpoint.state === 'Established') await side.endpoint.terminate();
        })(),
        stepMs,
        'sign-out',
      );
    } catch {
      ok = false;
    } finally {
      await side.platform.shutdown().catch(() => undefined);
    }
    if (report && side.endpoint.state !== 'Idle')
      steps.push({
        step: `Sign out ${side.user.sipAddress}`,
        result: ok ? 'Success' : 'Failure',
        latencyMs: Math.round(performance.now() - t0),
      });
  }
}
