// This node's name in a pool (docs/pool.md): node.name, else the host name.
import { hostname } from 'node:os';
import type { PchatConfig } from '../config/schema.js';

export function nodeName(config: PchatConfig): string {
  return (config.node.name ?? hostname()).toLowerCase();
}
