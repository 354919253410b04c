// Lint and the dependency rules of docs/architecture.md ("arrows point inward only"), enforced mechanically:
// a forbidden import fails `npm run lint`, which `npm test` runs first.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const PACKAGES = ['protocol', 'ntlm', 'domain', 'storage', 'server', 'sdk', 'cli', 'web'];

/** Which workspace packages each package may import. */
const ALLOWED = {
  protocol: [],
  // The NTLM / MS-SIPAE library: byte formats and crypto, auth headers read with the codec.
  ntlm: ['protocol'],
  domain: [],
  storage: ['domain'],
  server: ['protocol', 'ntlm', 'domain', 'storage'],
  sdk: ['protocol'],
  cli: ['sdk', 'protocol', 'domain', 'server'],
  // The web app talks to the server through the SDK only (it re-exports what the app needs).
  web: ['sdk'],
};

// Reaching into another package through a relative path bypasses the rules above.
const crossPackageRelative = {
  regex: `^(\\.\\./)+(${PACKAGES.join('|')})/(src|test)(/|$)`,
  message: 'Import another workspace package by its name (@pchat/<name>), never by relative path.',
};
const nodeBuiltins = {
  regex: '^node:',
  message: 'This package must stay free of Node built-ins (pure / browser-safe).',
};

function rulesFor(pkg) {
  const forbidden = PACKAGES.filter((p) => p !== pkg && !ALLOWED[pkg].includes(p));
  const patterns = [crossPackageRelative];
  if (forbidden.length)
    patterns.push({
      group: forbidden.map((p) => `@pchat/${p}`).concat(forbidden.map((p) => `@pchat/${p}/*`)),
      message: `@pchat/${pkg} may depend only on: ${ALLOWED[pkg].map((p) => '@pchat/' + p).join(', ') || 'nothing in the repo'} (docs/architecture.md, Packages).`,
    });
  return patterns;
}

const perPackage = PACKAGES.map((pkg) => {
  const patterns = rulesFor(pkg);
  // protocol, domain and the SDK's browser build must not import Node built-ins; the SDK's Node
  // transports live under src/node/ (the `@pchat/sdk/node` subpath export).
  const pure = pkg === 'protocol' || pkg === 'domain' || pkg === 'sdk';
  return {
    files: [`packages/${pkg}/src/**/*.ts`, `packages/${pkg}/src/**/*.tsx`],
    ignores: pkg === 'sdk' ? ['packages/sdk/src/node/**'] : [],
    rules: {
      'no-restricted-imports': ['error', { patterns: pure ? [...patterns, nodeBuiltins] : patterns }],
    },
  };
});

// Inside the server, the rooms' arrows point inward too: the SIP layer (transport, transactions, dialogs)
// knows nothing of the front end, the chat service or the HTTP edge; the chat service knows only XCCOS
// (no SIP, no front end, no HTTP, no sign-in schemes). Flat config replaces a rule per file rather than
// merging it, so each block repeats the package-level patterns.
const SERVER_INNER = {
  sip: ['frontend', 'chat', 'http'],
  chat: ['frontend', 'sip', 'http', 'auth', 'credentials'],
};
const serverInner = Object.entries(SERVER_INNER).map(([room, forbidden]) => ({
  files: [`packages/server/src/${room}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...rulesFor('server'),
          {
            regex: `^(\\.\\./)+(${forbidden.join('|')})(/|$)`,
            message: `packages/server/src/${room}/ may not import from ${forbidden.map((f) => f + '/').join(', ')} (the server's inner boundaries).`,
          },
        ],
      },
    ],
  },
}));

// Domain is pure: no third-party packages either.
const domainNoThirdParty = {
  files: ['packages/domain/src/**/*.ts'],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          crossPackageRelative,
          nodeBuiltins,
          { regex: '^(?!\\.)', message: 'The domain core depends on nothing: no packages, no I/O.' },
        ],
      },
    ],
  },
};

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '**/build/**', 'interop/**/*.c', '.tmp/**', 'bench/out/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly',
        process: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        queueMicrotask: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        AbortController: 'readonly',
        structuredClone: 'readonly',
        performance: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  ...perPackage,
  ...serverInner,
  domainNoThirdParty,
  // The web app runs in the browser: its globals, and no Node built-ins.
  {
    files: ['packages/web/src/**/*.ts', 'packages/web/src/**/*.tsx'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        localStorage: 'readonly',
        Notification: 'readonly',
        NotificationPermission: 'readonly',
        HTMLElement: 'readonly',
        HTMLDivElement: 'readonly',
        HTMLInputElement: 'readonly',
        HTMLTextAreaElement: 'readonly',
        KeyboardEvent: 'readonly',
        PopStateEvent: 'readonly',
        React: 'readonly',
      },
    },
    rules: {
      'no-restricted-imports': ['error', { patterns: [...rulesFor('web'), nodeBuiltins] }],
    },
  },
);
