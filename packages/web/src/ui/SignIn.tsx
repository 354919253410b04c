// Sign-in: SIP address and password, Digest over SIP/WebSocket. Refusals say why in words (the SDK's typed
// errors mapped in client/errors.ts). Only the address is remembered between visits, never the password.
import { useState, type FormEvent } from 'react';
import { useClient } from './hooks.js';

export function SignIn(): React.JSX.Element {
  const client = useClient();
  const [address, setAddress] = useState(() => {
    try {
      return (localStorage.getItem('pchat.lastAddress') ?? '').replace(/^sip:/, '');
    } catch {
      return '';
    }
  });
  const [password, setPassword] = useState('');
  const busy = client.status === 'signingIn';

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    const ok = await client.signIn(address, password);
    if (ok) setPassword('');
  }

  return (
    <main className="signin">
      <form className="signin-card" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            #
          </span>
          <span>pchat</span>
        </div>
        <h1 id="signin-title">Sign in to Persistent Chat</h1>
        <p className="muted">Topic rooms that keep the conversation, for everyone who should be in it.</p>
        <label htmlFor="sip-address">SIP address</label>
        <input
          id="sip-address"
          name="username"
          autoComplete="username"
          placeholder="alice@example.test"
          value={address}
          onChange={(e) => setAddress(e.target.value)}
          required
          autoFocus
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        {client.signInError && (
          <p className="error" role="alert">
            {client.signInError}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
