// The dependency rules of docs/architecture.md ("arrows point inward only") are enforced by the lint config;
// this test proves that a forbidden import really fails the check, and an allowed one passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

const root = new URL('../../', import.meta.url).pathname;
const eslint = new ESLint({ cwd: root });

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}${file}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const cases: Array<[file: string, code: string, forbidden: boolean]> = [
  [
    'packages/domain/src/x.ts',
    "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n",
    true,
  ],
  ['packages/domain/src/x.ts', "import Type from 'typebox';\nexport const a = Type;\n", true],
  ['packages/domain/src/x.ts', "import { a } from '@pchat/storage';\nexport const b = a;\n", true],
  ['packages/domain/src/x.ts', "import { a } from './y.js';\nexport const b = a;\n", false],
  ['packages/protocol/src/x.ts', "import { a } from '@pchat/domain';\nexport const b = a;\n", true],
  ['packages/protocol/src/x.ts', "import net from 'node:net';\nexport const b = net;\n", true],
  [
    'packages/protocol/src/x.ts',
    "import { SaxesParser } from 'saxes';\nexport const b = SaxesParser;\n",
    false,
  ],
  ['packages/storage/src/x.ts', "import { a } from '@pchat/server';\nexport const b = a;\n", true],
  ['packages/storage/src/x.ts', "import { a } from '@pchat/domain';\nexport const b = a;\n", false],
  ['packages/sdk/src/x.ts', "import { a } from '@pchat/domain';\nexport const b = a;\n", true],
  ['packages/sdk/src/x.ts', "import net from 'node:net';\nexport const b = net;\n", true],
  ['packages/sdk/src/node/x.ts', "import net from 'node:net';\nexport const b = net;\n", false],
  ['packages/sdk/src/x.ts', "import { a } from '@pchat/protocol';\nexport const b = a;\n", false],
  ['packages/server/src/x.ts', "import { a } from '../../domain/src/index.js';\nexport const b = a;\n", true],
  ['packages/server/src/x.ts', "import { a } from '@pchat/sdk';\nexport const b = a;\n", true],
  ['packages/ntlm/src/x.ts', "import { a } from '@pchat/domain';\nexport const b = a;\n", true],
  ['packages/ntlm/src/x.ts', "import { a } from '@pchat/protocol';\nexport const b = a;\n", false],
  ['packages/server/src/x.ts', "import { a } from '@pchat/ntlm';\nexport const b = a;\n", false],
  ['packages/server/src/x.ts', "import { a } from '../../ntlm/src/index.js';\nexport const b = a;\n", true],
  // The server's inner boundaries: sip/ knows nothing above it; chat/ knows only XCCOS.
  [
    'packages/server/src/sip/transaction/x.ts',
    "import { a } from '../../frontend/frontend.js';\nexport const b = a;\n",
    true,
  ],
  [
    'packages/server/src/sip/transaction/x.ts',
    "import { a } from '../../chat/index.js';\nexport const b = a;\n",
    true,
  ],
  [
    'packages/server/src/sip/transport/x.ts',
    "import { a } from '../../http/app.js';\nexport const b = a;\n",
    true,
  ],
  [
    'packages/server/src/sip/auth/ntlm/x.ts',
    "import { a } from '../../../frontend/connection.js';\nexport const b = a;\n",
    true,
  ],
  [
    'packages/server/src/sip/transaction/x.ts',
    "import { a } from './dialog.js';\nexport const b = a;\n",
    false,
  ],
  [
    'packages/server/src/sip/transaction/x.ts',
    "import { a } from '../transport/index.js';\nexport const b = a;\n",
    false,
  ],
  [
    'packages/server/src/sip/transaction/x.ts',
    "import { a } from '@pchat/protocol';\nexport const b = a;\n",
    false,
  ],
  [
    'packages/server/src/sip/transaction/x.ts',
    "import { a } from '@pchat/sdk';\nexport const b = a;\n",
    true,
  ],
  [
    'packages/server/src/chat/x.ts',
    "import { a } from '../frontend/connection.js';\nexport const b = a;\n",
    true,
  ],
  [
    'packages/server/src/chat/commands/x.ts',
    "import { a } from '../../sip/transaction/index.js';\nexport const b = a;\n",
    true,
  ],
  ['packages/server/src/chat/x.ts', "import { a } from '../auth/throttle.js';\nexport const b = a;\n", true],
  ['packages/server/src/chat/x.ts', "import { a } from './session.js';\nexport const b = a;\n", false],
  [
    'packages/server/src/frontend/x.ts',
    "import { a } from '../chat/index.js';\nexport const b = a;\n",
    false,
  ],
  // The web app builds on the SDK only: not on the codec, the server, nor Node built-ins.
  ['packages/web/src/x.tsx', "import { a } from '@pchat/sdk';\nexport const b = a;\n", false],
  ['packages/web/src/x.tsx', "import { a } from '@pchat/protocol';\nexport const b = a;\n", true],
  ['packages/web/src/x.ts', "import { a } from '@pchat/server';\nexport const b = a;\n", true],
  ['packages/web/src/x.ts', "import fs from 'node:fs';\nexport const b = fs;\n", true],
];

for (const [file, code, forbidden] of cases) {
  const what = code.split('\n')[0];
  test(`${file}: ${what} is ${forbidden ? 'refused' : 'allowed'}`, async () => {
    const found = await problems(file, code);
    if (forbidden) assert.ok(found.length > 0, 'expected a no-restricted-imports error');
    else assert.deepEqual(found, []);
  });
}
