// Entry point: one ChatClient for the tab, rendered by React.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ChatClient } from './client/chat-client.js';
import { ClientContext } from './ui/hooks.js';
import { App } from './ui/App.js';
import './styles.css';

const client = new ChatClient();
// A live web session signs in without the password (a reload, a new tab); otherwise the form shows.
void client.resume();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ClientContext.Provider value={client}>
      <App />
    </ClientContext.Provider>
  </StrictMode>,
);
