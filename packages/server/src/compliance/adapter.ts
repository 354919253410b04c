// Compliance adapters (PC-73, PC-74): the built-in XmlAdapter and JSON Lines adapter, or a JavaScript
// module named by AdapterType that exports `setConfig(config)` (called once when loaded) and
// `translate(conversations, info)` (called for every batch; a rejection is a failure, retried later).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BatchInfo, ComplianceConversation } from './conversations.js';
import { JsonLinesAdapter } from './jsonl-adapter.js';
import type { ComplianceConfiguration } from './settings.js';
import { XmlAdapter } from './xml-adapter.js';

/** What setConfig() receives (the AdapterConfig of PC-74). */
export interface AdapterSettings {
  adapterType: string;
  adapterName: string;
  /** Absolute; created before the first batch. */
  outputDirectory: string;
  addChatRoomDetails: boolean;
  addUserDetails: boolean;
  createFileAttachmentsManifest: boolean;
  oneChatRoomPerOutputFile: boolean;
  /** CustomConfiguration, as configured (PC-73: an XSLT in Lync; free text for a custom adapter). */
  customConfiguration: string;
  runInterval: string;
}

export interface Adapter {
  translate(conversations: ComplianceConversation[], info: BatchInfo): Promise<void>;
}

export type AdapterKind = 'xml' | 'jsonl' | 'module';

/** Which adapter an AdapterType names; throws a message for the administrator when none. */
export function adapterKind(type: string): AdapterKind {
  const t = type.trim();
  if (/(^|\.)XmlAdapter(,|$)/i.test(t) || /^xml$/i.test(t)) return 'xml';
  if (/^(JsonLinesAdapter|jsonl|json-lines)$/i.test(t)) return 'jsonl';
  if (/^module:/i.test(t) || /\.(m|c)?js$/i.test(t)) return 'module';
  throw new Error(
    `AdapterType '${type}' names no adapter: use XmlAdapter, JsonLinesAdapter, or the path of a JavaScript module (ending .js or .mjs) that exports setConfig and translate.`,
  );
}

export function adapterSettings(c: ComplianceConfiguration, dataDir: string): AdapterSettings {
  const name =
    c.adapterName.trim() || (adapterKind(c.adapterType) === 'jsonl' ? 'JsonLinesAdapter' : 'XmlAdapter');
  const dir = c.adapterOutputDirectory.trim();
  return {
    adapterType: c.adapterType,
    adapterName: name,
    // PC-73: one folder per adapter; by default under the data directory.
    outputDirectory: dir
      ? resolve(dataDir, dir)
      : resolve(dataDir, 'compliance', name.replace(/[^\w.-]/g, '_')),
    addChatRoomDetails: c.addChatRoomDetails,
    addUserDetails: c.addUserDetails,
    createFileAttachmentsManifest: c.createFileAttachmentsManifest,
    oneChatRoomPerOutputFile: c.oneChatRoomPerOutputFile,
    customConfiguration: c.customConfiguration,
    runInterval: c.runInterval,
  };
}

interface CustomModule {
  setConfig?: (config: AdapterSettings) => unknown;
  translate?: (conversations: ComplianceConversation[], info: BatchInfo) => unknown;
}

async function loadModule(spec: string, s: AdapterSettings): Promise<Adapter> {
  // A relative path is taken from the server's working directory (where it was started).
  const file = resolve(spec.replace(/^module:/i, '').trim());
  const mod = (await import(pathToFileURL(file).href)) as CustomModule & { default?: CustomModule };
  const m: CustomModule = typeof mod.translate === 'function' ? mod : (mod.default ?? {});
  if (typeof m.translate !== 'function')
    throw new Error(`The compliance adapter module ${file} exports no translate(conversations) function.`);
  if (typeof m.setConfig === 'function') await m.setConfig({ ...s });
  const translate = m.translate.bind(m);
  return { translate: async (c, info) => void (await translate(c, info)) };
}

/** Creates (and for a module, loads and configures) the adapter of a configuration. */
export async function createAdapter(s: AdapterSettings): Promise<Adapter> {
  switch (adapterKind(s.adapterType)) {
    case 'xml':
      return new XmlAdapter(s);
    case 'jsonl':
      return new JsonLinesAdapter(s);
    case 'module':
      return loadModule(s.adapterType, s);
  }
}
