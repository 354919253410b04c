// Shared setup of the room-management scenarios: two categories where alice is a Creator (Workshop, Labs),
// General where only the admin is, and small helpers to send a command and read its reply.
import assert from 'node:assert/strict';
import { createCategory, type Category } from '@pchat/domain';
import type { ReplyDataMap, XccosCommand, XccosReply } from '@pchat/protocol';
import { DOMAIN, Kit, sip, type Client } from './kit.js';

export interface ManagementWorld {
  kit: Kit;
  workshop: Category;
  labs: Category;
}

export async function managementKit(): Promise<ManagementWorld> {
  const kit = await Kit.create();
  const scope = { allowedMembers: [`ma-dom:${DOMAIN}`], deniedMembers: [sip('mallory')] };
  const workshop = await createCategory(kit.deps, kit.admin, {
    name: 'Workshop',
    description: 'make things',
    ...scope,
    creators: [sip('alice'), sip('carol')],
  });
  const labs = await createCategory(kit.deps, kit.admin, {
    name: 'Labs',
    ...scope,
    creators: [sip('alice')],
  });
  return { kit, workshop, labs };
}

/** Sends a command and returns its (correlated) reply. */
export async function call(
  c: Client,
  command: Exclude<XccosCommand, { type: 'grpchat' }>,
): Promise<XccosReply> {
  await c.send(command);
  const r = c.lastReply(command.type);
  assert.equal(r.commandEnvid, c.lastEnvid, 'the reply is correlated with the command');
  return r;
}

/** The data of a successful reply. */
export function ok<K extends keyof ReplyDataMap>(r: XccosReply, type: K): ReplyDataMap[K] {
  assert.equal(r.type, type);
  assert.equal(r.code, 200, r.text);
  return r.data as ReplyDataMap[K];
}

/** A refusal: its resp code and the error code that starts its text (PC-88). */
export function refused(r: XccosReply, code: number, errorCode: string): void {
  assert.equal(r.data, undefined, 'an error reply carries no data');
  assert.equal(r.code, code, r.text);
  assert.ok(r.text.startsWith(`${errorCode}: `), r.text);
}

/** An error text with the room URI blanked, to compare a Secret room's answer with a missing room's. */
export const withoutUri = (text: string, uri: string): string => text.split(uri).join('<uri>');
