// The client as React context, re-rendering on every change of its revision.
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { ChatClient } from '../client/chat-client.js';

export const ClientContext = createContext<ChatClient | null>(null);

export function useClient(): ChatClient {
  const c = useClientOnce();
  useSyncExternalStore(c.subscribe, c.getRevision);
  return c;
}

/** The client without subscribing: for a part (a message row) that must not re-render on every change. */
export function useClientOnce(): ChatClient {
  const c = useContext(ClientContext);
  if (!c) throw new Error('no ChatClient in context');
  return c;
}

/** The current path, for the two screens (/ and /my-rooms). */
export function navigate(path: string): void {
  if (window.location.pathname === path) return;
  window.history.pushState(null, '', path);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
