// The chat benchmark's deployment, written straight into a store (before the server opens it): pool
// pchat.<domain> (chat server sip:pchat@<domain>), the global policy on, DefaultChatHistory 50, a category
// open to the domain, users <prefix>1..<prefix>N and one Open room with M archived messages.
import { randomUUID } from 'node:crypto';
import {
  createCategory,
  createPool,
  createRoom,
  createUser,
  domainUri,
  setConfiguration,
  setPolicy,
  systemActor,
  type ServiceDeps,
  type Store,
} from '@pchat/domain';

export interface BenchDeploymentOptions {
  users: number;
  messages: number;
  domain?: string;
  prefix?: string;
}

export async function createBenchDeployment(
  store: Store,
  o: BenchDeploymentOptions,
): Promise<{ roomUri: string; chatServerUri: string }> {
  const domain = o.domain ?? 'example.test';
  const prefix = o.prefix ?? 'bench';
  const deps: ServiceDeps = { store, clock: { now: () => Date.now() }, ids: { uuid: () => randomUUID() } };
  const sys = systemActor();
  const pool = await createPool(deps, sys, {
    fqdn: `pchat.${domain}`,
    chatServerUri: `sip:pchat@${domain}`,
    displayName: 'bench',
  });
  await setPolicy(deps, sys, 'global', { enablePersistentChat: true });
  await setConfiguration(deps, sys, 'global', { defaultChatHistory: 50 });
  // Users first: the domain principal (ma-dom:) exists once a user of the domain does.
  for (let i = 1; i <= o.users; i++) {
    await createUser(deps, sys, { sipAddress: `sip:${prefix}${i}@${domain}`, displayName: `Bench ${i}` });
  }
  const everyone = domainUri(domain);
  const cat = await createCategory(deps, sys, {
    name: 'Benchmarks',
    description: 'benchmark',
    poolFqdn: pool.fqdn,
    allowedMembers: [everyone],
    creators: [everyone],
    invitations: true,
    fileUpload: true,
  });
  const room = await createRoom(deps, sys, {
    categoryId: cat.id,
    name: 'Bench',
    description: 'benchmark room',
    privacy: 'Open',
    managers: [`sip:${prefix}1@${domain}`],
    creatorIsManager: false,
  });
  // The archive: group-committed appends, 500 in flight at a time (what the chat service itself does).
  for (let i = 0; i < o.messages; i += 500) {
    const batch = [];
    for (let j = i; j < Math.min(o.messages, i + 500); j++) {
      batch.push(
        store.messages.append({
          roomId: room.id,
          author: `sip:${prefix}${1 + (j % Math.min(50, o.users))}@${domain}`,
          kind: 'plain',
          text: `archived message ${j} lorem ipsum dolor sit amet, consectetur adipiscing elit`,
          storyTitle: null,
          rtf: null,
          parts: null,
        }),
      );
    }
    await Promise.all(batch);
  }
  return { roomUri: room.uri, chatServerUri: pool.chatServerUri };
}
