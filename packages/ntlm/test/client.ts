// The NTLM client lives in src/ (the package's index exports it); tests import it from here as before.
export * from '../src/client.js';
