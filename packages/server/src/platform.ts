// The real clock and id source behind the domain's ports.
import { randomUUID } from 'node:crypto';
import type { Clock, IdSource } from '@pchat/domain';

export const systemClock: Clock = { now: () => Date.now() };
export const cryptoIds: IdSource = { uuid: () => randomUUID() };
