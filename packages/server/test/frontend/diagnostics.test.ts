// The SIP edge's one error mapper: domain codes → status + ms-diagnostics; anything else → 500 with an
// error id and none of the error's own words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DomainError, CHAT_ERROR_CODES } from '@pchat/domain';
import { mapErrorToSip, msDiagnostics } from '../../src/errors/sip.js';

test('every domain code maps to a SIP status with ms-diagnostics naming the source', () => {
  for (const code of CHAT_ERROR_CODES) {
    const r = mapErrorToSip(new DomainError(code, `why "${code}"`), 'fe1.example.test');
    assert.ok(r.status >= 400 && r.status < 700 && r.status !== 409, `${code} → ${r.status}`);
    const d = r.headers.find((h) => h.name === 'ms-diagnostics')!.value;
    assert.match(
      d,
      new RegExp(`^\\d+;reason="why  ${code} ";source="fe1\\.example\\.test";component="PersistentChat"$`),
    );
    assert.equal(r.errorId, undefined);
  }
  assert.equal(mapErrorToSip(new DomainError('NotEnabledByPolicy', 'x'), 's').status, 403);
  assert.equal(mapErrorToSip(new DomainError('NoSuchNode', 'x'), 's').status, 404);
  assert.ok(
    mapErrorToSip(new DomainError('DatabaseConnection', 'x'), 's').headers.some(
      (h) => h.name === 'Retry-After',
    ),
  );
});

test('unexpected errors: 500 with an error id, never their message', () => {
  const r = mapErrorToSip(new Error('password=hunter2 at /secret/path'), 'fe1');
  assert.equal(r.status, 500);
  assert.ok(r.errorId);
  const text = JSON.stringify(r.headers);
  assert.ok(!text.includes('hunter2') && !text.includes('/secret/path'));
  assert.ok(text.includes(r.errorId!));
});

test('ms-diagnostics values stay valid quoted strings', () => {
  assert.equal(
    msDiagnostics(1, 'a "b" \\ c\r\n', 's', 'FrontEnd').value,
    '1;reason="a  b    c  ";source="s";component="FrontEnd"',
  );
});
