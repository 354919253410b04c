// In-band provisioning (PC-81): SUBSCRIBE vnd-microsoft-provisioning-v2, one-shot; the document comes in the
// 200 OK (ms-piggyback-cseq) or, from other servers, a NOTIFY.
import { parseProvisioningDocument, type ProvisioningDocument } from '@pchat/protocol';

/** UCMA PersistentChatConfiguration (the part of ProvisioningData the chat SDK needs). */
export interface PersistentChatConfiguration {
  /** Whether the user is enabled for Persistent Chat by policy (PC-36). */
  enabled: boolean;
  /** The chat server URI to give PersistentChatEndpoint (PC-81); null when none is provisioned. */
  defaultPersistentChatUri: string | null;
  /** Every pool URI the user may use. */
  persistentChatUris: string[];
  /** The room management web application, when configured. */
  webManagerUri: string | null;
}

/** UCMA ProvisioningData. */
export interface ProvisioningData {
  /** Persistent Chat settings for this endpoint's owner. */
  persistentChatConfiguration: PersistentChatConfiguration;
  /** ServerConfiguration entries (element name → text). */
  serverConfiguration: Record<string, string>;
  /** The raw document. */
  document: ProvisioningDocument;
}

/** Reads ProvisioningData from a provisioning-v2 document body. */
export function provisioningDataFrom(xml: string): ProvisioningData {
  const doc = parseProvisioningDocument(xml);
  const pc = doc.persistentChat;
  return {
    persistentChatConfiguration: {
      enabled: pc?.enabled ?? false,
      defaultPersistentChatUri: pc?.defaultPoolUri ?? pc?.poolUris?.[0] ?? null,
      persistentChatUris: pc?.poolUris ?? (pc?.defaultPoolUri ? [pc.defaultPoolUri] : []),
      webManagerUri: pc?.webManagerUriInternal ?? pc?.webManagerUriExternal ?? null,
    },
    serverConfiguration: doc.serverConfiguration ?? {},
    document: doc,
  };
}
