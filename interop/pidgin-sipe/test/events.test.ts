// The event line format without a C compiler: parsing, unescaping and the quoted command form.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { parseEventLine, quoteArg, unescapeValue } from '../events.js';

describe('harness event lines', () => {
  it('parses name and fields', () => {
    const ev = parseEventLine('EV room name="Lobby" uri="ma-chan://example.test/lobby" users="2"', 7);
    assert.deepEqual(ev, {
      name: 'room',
      fields: { name: 'Lobby', uri: 'ma-chan://example.test/lobby', users: '2' },
      raw: 'EV room name="Lobby" uri="ma-chan://example.test/lobby" users="2"',
      index: 7,
    });
  });

  it('parses an event without fields', () => {
    assert.equal(parseEventLine('EV groupchat-ready')?.name, 'groupchat-ready');
  });

  it('unescapes quotes, backslashes, line breaks and control bytes', () => {
    const ev = parseEventLine('EV chat-msg text="say \\"hi\\"\\\\ now\\r\\nnext\\tcol\\x01" from=""');
    assert.equal(ev?.fields.text, 'say "hi"\\ now\r\nnext\tcol\u0001');
    assert.equal(ev?.fields.from, '');
  });

  it('rejects lines that are not events', () => {
    for (const line of [
      '',
      'EV',
      'hello',
      'EV room name="unterminated',
      'EV room name=bare',
      'EV Room x="1"',
    ]) {
      assert.equal(parseEventLine(line), undefined, line);
    }
  });

  it('quotes command arguments so that they round-trip', () => {
    const text = 'two\nlines with "quotes" and \\ and \ttab';
    const quoted = quoteArg(text);
    assert.doesNotMatch(quoted, /\n/);
    assert.equal(unescapeValue(quoted.slice(1, -1)), text);
  });
});
