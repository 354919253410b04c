// Shared by the compliance tests: switch recording on, validate output with xmllint against the
// published XSD, read the events back out of XmlAdapter files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from '@pchat/domain';
import {
  COMPLIANCE_DEFAULTS,
  putCompliance,
  type ComplianceConfiguration,
} from '../../src/compliance/settings.js';

export const XSD = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../docs/compliance.xsd');

export async function enableCompliance(
  store: Store,
  c: Partial<ComplianceConfiguration> & { adapterType: string },
): Promise<void> {
  await putCompliance(store, { identity: 'global', ...COMPLIANCE_DEFAULTS, ...c });
}

/** Runs xmllint --schema; throws with its message when the file does not validate. */
export function validate(file: string): void {
  try {
    execFileSync('xmllint', ['--noout', '--schema', XSD, file], { stdio: 'pipe' });
  } catch (e) {
    const err = e as { stderr?: Buffer };
    assert.fail(`${file} does not validate against docs/compliance.xsd:\n${String(err.stderr ?? e)}`);
  }
}

export interface OutEvent {
  type: string;
  content: string;
  id: string | null;
  seq: number;
  sender: string;
  channel: string;
}

const unescape = (s: string) =>
  s
    .replace(/&#10;/g, '\n')
    .replace(/&#13;/g, '\r')
    .replace(/&#9;/g, '\t')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** Every Messages/Message of one XmlAdapter file (not FirstMessage, which repeats the first). */
export function eventsOf(xml: string): OutEvent[] {
  const out: OutEvent[] = [];
  for (const conv of xml.split('<Conversation>').slice(1)) {
    const channel = /<Channel uri="([^"]*)"/.exec(conv)?.[1] ?? '';
    const messages = conv.slice(conv.indexOf('<Messages>'));
    for (const m of messages.matchAll(
      /<Message type="(\w+)" content="([^"]*)"(?: id="(\d+)")? seq="(\d+)"[^>]*><Sender [^>]*uri="([^"]*)"/g,
    ))
      out.push({
        type: m[1] as string,
        content: unescape(m[2] as string),
        id: m[3] ?? null,
        seq: Number(m[4]),
        sender: m[5] as string,
        channel: unescape(channel),
      });
  }
  return out;
}

/** All events in every .xml of a directory, validating each file. */
export function readOutput(dir: string): { files: string[]; events: OutEvent[] } {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.xml'))
    .sort();
  const events: OutEvent[] = [];
  for (const f of files) {
    validate(join(dir, f));
    events.push(...eventsOf(readFileSync(join(dir, f), 'utf8')));
  }
  return { files, events };
}
