// The in-band provisioning document, event `vnd-microsoft-provisioning-v2` (docs/xccos.md §5.3).
// Group chat starts only after the client got this document; the `persistentChatConfiguration` group
// names the lookup URI. Shapes from [MS-SIPREGE] 2.2.2.5: `ServerConfiguration` carries one child element
// per property (2.2.2.5.1 data model; pidgin-sipe reads e.g. <focusFactoryUri> that way), while
// `persistentChatConfiguration` and most other groups carry `propertyEntryList/property[@name]`
// (2.2.2.5.11: EnablePersistentChat, DefaultPersistentChatPoolUri, PersistentChatPoolUris,
// PersistentChatWebManagerUriInt, PersistentChatWebManagerUriExt).
import type { Element } from 'ltx';
import { parseXml, escapeText, escapeAttr, XccosError } from '../xccos/index.js';
import { ProvisioningError } from './errors.js';

export const PROVISIONING_V2_EVENT = 'vnd-microsoft-provisioning-v2';
export const PROVISIONING_V2_CONTENT_TYPE = 'application/vnd-microsoft-roaming-provisioning-v2+xml';
/** Namespace of the NOTIFY / 200 body (the document). */
export const NS_PROVISION_GROUP_LIST =
  'http://schemas.microsoft.com/2006/09/sip/provisiongrouplist-notification';
/** Namespace of the SUBSCRIBE body (the request). Note the different spelling: "provisioning" vs "provision". */
export const NS_PROVISIONING_GROUP_LIST = 'http://schemas.microsoft.com/2006/09/sip/provisioninggrouplist';

/** [MS-SIPREGE] 2.2.2.5.11. */
export interface PersistentChatProvisioning {
  enabled: boolean;
  /** `sip:ocschat@example.test`: the URI the client INVITEs first (pidgin-sipe strips `sip:` itself). */
  defaultPoolUri?: string;
  /** All pools the client may connect to (whitespace-separated on the wire). */
  poolUris?: string[];
  /** Room management web application, inside / outside the network. */
  webManagerUriInternal?: string;
  webManagerUriExternal?: string;
}

export interface ProvisioningGroup {
  name: string;
  /** `propertyEntryList/property[@name]` values, in document order. */
  properties: Record<string, string>;
}

export interface ProvisioningDocument {
  /** ServerConfiguration: element name → text (focusFactoryUri, absInternalServerUrl, ...). */
  serverConfiguration?: Record<string, string>;
  persistentChat?: PersistentChatProvisioning;
  /** Any other propertyEntryList group (meetingPolicy, ucPolicy, ...), passed through. */
  otherGroups?: ProvisioningGroup[];
}

const XML_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/;
const SERVER_CONFIGURATION = 'ServerConfiguration';
const PERSISTENT_CHAT = 'persistentChatConfiguration';

function checkName(name: string, what: string): string {
  if (!XML_NAME.test(name))
    throw new ProvisioningError(
      'bad-property',
      `${what} "${name}" is not a usable XML name; use letters, digits, _ . -.`,
    );
  return name;
}

function propertyList(props: Record<string, string>): string {
  let s = '<propertyEntryList>';
  for (const [k, v] of Object.entries(props))
    s += `<property name="${escapeAttr(k)}">${escapeText(v)}</property>`;
  return s + '</propertyEntryList>';
}

function chatProperties(p: PersistentChatProvisioning): Record<string, string> {
  const props: Record<string, string> = { EnablePersistentChat: String(p.enabled) };
  if (p.defaultPoolUri !== undefined) props.DefaultPersistentChatPoolUri = p.defaultPoolUri;
  if (p.poolUris !== undefined) props.PersistentChatPoolUris = p.poolUris.join(' ');
  if (p.webManagerUriInternal !== undefined) props.PersistentChatWebManagerUriInt = p.webManagerUriInternal;
  if (p.webManagerUriExternal !== undefined) props.PersistentChatWebManagerUriExt = p.webManagerUriExternal;
  return props;
}

/** Builds the document body for the NOTIFY, or for the 200 OK to the SUBSCRIBE with `ms-piggyback-cseq`. */
export function buildProvisioningDocument(doc: ProvisioningDocument): string {
  let s = `<provisionGroupList xmlns="${NS_PROVISION_GROUP_LIST}">`;
  if (doc.serverConfiguration !== undefined) {
    s += `<provisionGroup name="${SERVER_CONFIGURATION}">`;
    for (const [k, v] of Object.entries(doc.serverConfiguration))
      s += `<${checkName(k, 'ServerConfiguration property')}>${escapeText(v)}</${k}>`;
    s += '</provisionGroup>';
  }
  if (doc.persistentChat !== undefined) {
    s += `<provisionGroup name="${PERSISTENT_CHAT}">${propertyList(chatProperties(doc.persistentChat))}</provisionGroup>`;
  }
  for (const g of doc.otherGroups ?? []) {
    if (g.name === SERVER_CONFIGURATION || g.name === PERSISTENT_CHAT) {
      throw new ProvisioningError(
        'bad-property',
        `Group "${g.name}" has its own field; do not pass it in otherGroups.`,
      );
    }
    s += `<provisionGroup name="${escapeAttr(g.name)}">${propertyList(g.properties)}</provisionGroup>`;
  }
  return s + '</provisionGroupList>';
}

function parse(xml: string, rootName: string): Element {
  let root: Element;
  try {
    root = parseXml(xml);
  } catch (e) {
    if (e instanceof XccosError)
      throw new ProvisioningError(
        e.kind === 'too-large' ? 'too-large' : 'not-xml',
        e.message.replace('XCCOS body', 'Provisioning body'),
      );
    throw e;
  }
  if (root.name !== rootName)
    throw new ProvisioningError('not-provisioning', `Expected <${rootName}>, got <${root.name}>.`);
  return root;
}

const elements = (el: Element, name?: string): Element[] =>
  el.children.filter((c): c is Element => typeof c !== 'string' && (name === undefined || c.name === name));
const text = (el: Element): string => el.children.filter((c): c is string => typeof c === 'string').join('');

function readProperties(group: Element): Record<string, string> {
  // Object.fromEntries defines own properties, so a hostile name such as "__proto__" stays plain data.
  const props: [string, string][] = [];
  for (const list of elements(group, 'propertyEntryList')) {
    for (const p of elements(list, 'property')) {
      const name: unknown = p.attrs.name;
      if (typeof name !== 'string' || name === '')
        throw new ProvisioningError('bad-property', '<property> needs a name attribute.');
      props.push([name, text(p)]);
    }
  }
  return Object.fromEntries(props);
}

/** Parses the document (what the SDK's getProvisioningData() reads). Unknown groups land in otherGroups. */
export function parseProvisioningDocument(xml: string): ProvisioningDocument {
  const root = parse(xml, 'provisionGroupList');
  const doc: ProvisioningDocument = {};
  for (const g of elements(root, 'provisionGroup')) {
    const name = typeof g.attrs.name === 'string' ? (g.attrs.name as string) : '';
    if (name === SERVER_CONFIGURATION) {
      doc.serverConfiguration = Object.fromEntries(elements(g).map((c) => [c.name, text(c)]));
    } else if (name === PERSISTENT_CHAT) {
      const props = readProperties(g);
      // MS-SIPREGE 2.2.2.5.11: "true" or "false"; pidgin-sipe compares with "true" exactly.
      const pc: PersistentChatProvisioning = { enabled: props.EnablePersistentChat === 'true' };
      if (props.DefaultPersistentChatPoolUri !== undefined)
        pc.defaultPoolUri = props.DefaultPersistentChatPoolUri;
      if (props.PersistentChatPoolUris !== undefined)
        pc.poolUris = props.PersistentChatPoolUris.split(/\s+/).filter((u) => u !== '');
      if (props.PersistentChatWebManagerUriInt !== undefined)
        pc.webManagerUriInternal = props.PersistentChatWebManagerUriInt;
      if (props.PersistentChatWebManagerUriExt !== undefined)
        pc.webManagerUriExternal = props.PersistentChatWebManagerUriExt;
      doc.persistentChat = pc;
    } else {
      (doc.otherGroups ??= []).push({ name, properties: readProperties(g) });
    }
  }
  return doc;
}

/** Builds the SUBSCRIBE body: `<provisioningGroupList><provisioningGroup name=".."/>...` (SDK side). */
export function buildProvisioningRequest(groups: readonly string[]): string {
  return `<provisioningGroupList xmlns="${NS_PROVISIONING_GROUP_LIST}">${groups.map((g) => `<provisioningGroup name="${escapeAttr(g)}"/>`).join('')}</provisioningGroupList>`;
}

/** Parses the client's SUBSCRIBE body into the requested group names (server side). Empty body = all groups. */
export function parseProvisioningRequest(xml: string): { groups: string[] } {
  if (xml.trim() === '') return { groups: [] };
  const root = parse(xml, 'provisioningGroupList');
  return {
    groups: elements(root, 'provisioningGroup').map((g) => {
      const name: unknown = g.attrs.name;
      if (typeof name !== 'string' || name === '')
        throw new ProvisioningError('bad-property', '<provisioningGroup> needs a name attribute.');
      return name;
    }),
  };
}
