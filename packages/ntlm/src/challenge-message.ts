// CHALLENGE_MESSAGE (MS-NLMP §2.2.1.2), built by the server and parsed by the client side.
// Layout: Signature(8) MessageType(4) TargetNameFields(8) NegotiateFlags(4) ServerChallenge(8)
// Reserved(8) TargetInfoFields(8) Version(8) | payload.
import { randomBytes } from 'node:crypto';
import { AvId, avString, decodeAvPairs, encodeAvPairs, fileTimeFromMs, type AvPair } from './av-pairs.js';
import { fromUtf16le, readU32, utf16le, writeU32 } from './bytes.js';
import { NtlmError } from './errors.js';
import { NegotiateFlag, SERVER_CHALLENGE_FLAGS } from './flags.js';
import {
  DEFAULT_SERVER_VERSION,
  MessageType,
  checkHeader,
  decodeVersion,
  encodeVersion,
  fieldBytes,
  layoutPayload,
  readFieldRef,
  writeFieldRef,
  type NtlmVersion,
} from './message-fields.js';

const CHALLENGE_HEADER = 56; // with Version
const CHALLENGE_HEADER_NO_VERSION = 48;

export interface ServerIdentity {
  /** NetBIOS domain name, e.g. "EXAMPLE"; also the TargetName (MS-NLMP §2.2.1.2, TARGET_TYPE_DOMAIN). */
  readonly nbDomainName: string;
  /** NetBIOS computer name, e.g. "PCHAT01". */
  readonly nbComputerName: string;
  /** DNS domain name, e.g. "example.test". */
  readonly dnsDomainName: string;
  /** DNS computer name (FQDN), e.g. "pchat01.example.test". */
  readonly dnsComputerName: string;
}

export interface BuildChallengeOptions {
  readonly identity: ServerIdentity;
  /** 8 random bytes; generated with node:crypto when absent (tests pass fixed values). */
  readonly serverChallenge?: Uint8Array;
  /** Defaults to SERVER_CHALLENGE_FLAGS. */
  readonly flags?: number;
  /** MsvAvTimestamp value in ms since the Unix epoch; defaults to now; `null` leaves the pair out. */
  readonly timestampMs?: number | null;
  /** Defaults to DEFAULT_SERVER_VERSION; sent only when the VERSION flag is set. */
  readonly version?: NtlmVersion;
}

export interface BuiltChallenge {
  /** The exact bytes sent (base64 them into gssapi-data); keep them for the MIC check. */
  readonly message: Uint8Array;
  readonly serverChallenge: Uint8Array;
  readonly flags: number;
}

export function buildChallengeMessage(opts: BuildChallengeOptions): BuiltChallenge {
  const serverChallenge = opts.serverChallenge ?? new Uint8Array(randomBytes(8));
  if (serverChallenge.length !== 8) throw new NtlmError('InvalidInput', 'server challenge must be 8 bytes');
  const flags = (opts.flags ?? SERVER_CHALLENGE_FLAGS) >>> 0;
  const id = opts.identity;
  const pairs: AvPair[] = [
    // COMPAT(pidgin-sipe) / docs/xccos.md §6.2: at least MsvAvNbDomainName must be present.
    avString(AvId.MsvAvNbDomainName, id.nbDomainName),
    avString(AvId.MsvAvNbComputerName, id.nbComputerName),
    avString(AvId.MsvAvDnsDomainName, id.dnsDomainName),
    avString(AvId.MsvAvDnsComputerName, id.dnsComputerName),
  ];
  // MS-NLMP §3.1.5.1.2: with MsvAvTimestamp present, the client uses it in its NTLMv2 blob (and
  // Windows clients then add a MIC). pidgin-sipe takes the time from here too.
  const ts = opts.timestampMs === undefined ? Date.now() : opts.timestampMs;
  if (ts !== null) pairs.push({ id: AvId.MsvAvTimestamp, value: fileTimeFromMs(ts) });
  const targetInfo = encodeAvPairs(pairs);
  const targetName = flags & NegotiateFlag.REQUEST_TARGET ? utf16le(id.nbDomainName) : new Uint8Array(0);
  const withVersion = (flags & NegotiateFlag.VERSION) !== 0;
  const header = withVersion ? CHALLENGE_HEADER : CHALLENGE_HEADER_NO_VERSION;

  const { message, offsets } = layoutPayload(header, [targetName, targetInfo]);
  writeU32(message, 8, MessageType.CHALLENGE);
  writeFieldRef(message, 12, targetName.length, offsets[0] as number);
  writeU32(message, 20, flags);
  message.set(serverChallenge, 24);
  writeFieldRef(message, 40, targetInfo.length, offsets[1] as number);
  if (withVersion) message.set(encodeVersion(opts.version ?? DEFAULT_SERVER_VERSION), 48);
  return { message, serverChallenge: new Uint8Array(serverChallenge), flags };
}

export interface ParsedChallenge {
  readonly flags: number;
  readonly serverChallenge: Uint8Array;
  readonly targetName: string;
  /** Raw TargetInfo bytes: the client copies them verbatim into its NTLMv2 blob (MS-NLMP §3.3.2). */
  readonly targetInfo: Uint8Array;
  readonly targetInfoPairs: readonly AvPair[];
  readonly version?: NtlmVersion;
}

export function parseChallengeMessage(msg: Uint8Array): ParsedChallenge {
  checkHeader(msg, MessageType.CHALLENGE, CHALLENGE_HEADER_NO_VERSION, 'CHALLENGE');
  const flags = readU32(msg, 20);
  const targetNameRef = readFieldRef(msg, 12);
  const targetInfoRef = readFieldRef(msg, 40);
  const targetNameBytes = fieldBytes(msg, targetNameRef, 'CHALLENGE TargetName');
  const targetInfo = fieldBytes(msg, targetInfoRef, 'CHALLENGE TargetInfo');
  const targetInfoPairs = targetInfo.length > 0 ? decodeAvPairs(targetInfo) : [];
  const unicode = (flags & NegotiateFlag.UNICODE) !== 0;
  const targetName = unicode ? fromUtf16le(targetNameBytes) : Buffer.from(targetNameBytes).toString('latin1');
  // The Version field exists only if the payload starts after it (the stub in interop/ sends 48 bytes).
  const payloadStart = Math.min(
    ...[targetNameRef, targetInfoRef].filter((r) => r.len > 0).map((r) => r.offset),
    msg.length,
  );
  const base = { flags, serverChallenge: msg.slice(24, 32), targetName, targetInfo, targetInfoPairs };
  return (flags & NegotiateFlag.VERSION) !== 0 && payloadStart >= CHALLENGE_HEADER
    ? { ...base, version: decodeVersion(msg, 48) }
    : base;
}
