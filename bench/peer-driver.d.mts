// Types of bench/peer-driver.mjs (the shared peer harness's driver interface), for TypeScript callers.
export interface PeerClient {
  onMessage: ((room: string, body: string, info: { history: boolean }) => void) | null;
  join(room: string, opts?: { history?: number }): Promise<{ ms: number; history: number }>;
  send(room: string, text: string): void;
  fetchLast(room: string, n?: number): Promise<{ ms: number; count: number }>;
  close(): void;
}
export function connect(opts?: {
  host?: string;
  port?: number;
  domain?: string;
  user?: string;
  password?: string;
  timeoutMs?: number;
}): Promise<PeerClient>;
