// AUTHENTICATE_MESSAGE (MS-NLMP §2.2.1.3). Layout: Signature(8) MessageType(4) LmChallengeResponse(8)
// NtChallengeResponse(8) DomainName(8) UserName(8) Workstation(8) EncryptedRandomSessionKey(8)
// NegotiateFlags(4) Version(8) MIC(16) | payload. Version and MIC are optional: their presence is told
// by where the payload starts (and, for the MIC, by MsvAvFlags in the NTLMv2 blob, §2.2.2.1).
import { fromUtf16le, readU32, utf16le, writeU32 } from './bytes.js';
import { NtlmError } from './errors.js';
import { NegotiateFlag } from './flags.js';
import {
  MessageType,
  checkHeader,
  decodeVersion,
  encodeVersion,
  fieldBytes,
  layoutPayload,
  readFieldRef,
  writeFieldRef,
  type FieldRef,
  type NtlmVersion,
} from './message-fields.js';

const FIXED_NO_VERSION = 64;
const FIXED_WITH_VERSION = 72;
const FIXED_WITH_MIC = 88;
export const MIC_OFFSET = 72;

export interface ParsedAuthenticate {
  readonly flags: number;
  readonly lmChallengeResponse: Uint8Array;
  readonly ntChallengeResponse: Uint8Array;
  readonly domain: string;
  readonly user: string;
  readonly workstation: string;
  /** Empty when KEY_EXCH was not negotiated. */
  readonly encryptedRandomSessionKey: Uint8Array;
  readonly version?: NtlmVersion;
  /** The 16 bytes at offset 72 when the fixed part is long enough to hold a MIC; whether it *is* a MIC
   *  is decided by MsvAvFlags in the NTLMv2 blob (see verifyAuthenticate). */
  readonly micCandidate?: Uint8Array;
  /** The raw message, needed to recompute the MIC with the MIC field zeroed. */
  readonly raw: Uint8Array;
}

function decodeString(b: Uint8Array, unicode: boolean, name: string): string {
  if (!unicode) return Buffer.from(b).toString('latin1'); // OEM: we never negotiate it; best effort
  if (b.length % 2 !== 0) throw new NtlmError('Truncated', `${name}: odd length ${b.length} for UTF-16LE`);
  return fromUtf16le(b);
}

export function parseAuthenticateMessage(msg: Uint8Array): ParsedAuthenticate {
  checkHeader(msg, MessageType.AUTHENTICATE, FIXED_NO_VERSION, 'AUTHENTICATE');
  const refs: [FieldRef, string][] = [
    [readFieldRef(msg, 12), 'LmChallengeResponse'],
    [readFieldRef(msg, 20), 'NtChallengeResponse'],
    [readFieldRef(msg, 28), 'DomainName'],
    [readFieldRef(msg, 36), 'UserName'],
    [readFieldRef(msg, 44), 'Workstation'],
    [readFieldRef(msg, 52), 'EncryptedRandomSessionKey'],
  ];
  const [lm, nt, dom, usr, ws, key] = refs.map(([r, n]) => fieldBytes(msg, r, `AUTHENTICATE ${n}`)) as [
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
    Uint8Array,
  ];
  const flags = readU32(msg, 60);
  const nonEmpty = refs.filter(([r]) => r.len > 0).map(([r]) => r.offset);
  const payloadStart = Math.min(...nonEmpty, msg.length);
  if (payloadStart < FIXED_NO_VERSION) {
    throw new NtlmError(
      'OffsetOutOfRange',
      `AUTHENTICATE payload offset ${payloadStart} overlaps the fixed part`,
    );
  }
  const unicode = (flags & NegotiateFlag.UNICODE) !== 0;
  let out: ParsedAuthenticate = {
    flags,
    lmChallengeResponse: lm,
    ntChallengeResponse: nt,
    domain: decodeString(dom, unicode, 'DomainName'),
    user: decodeString(usr, unicode, 'UserName'),
    workstation: decodeString(ws, unicode, 'Workstation'),
    encryptedRandomSessionKey: key,
    raw: new Uint8Array(msg),
  };
  if (payloadStart >= FIXED_WITH_VERSION && (flags & NegotiateFlag.VERSION) !== 0) {
    out = { ...out, version: decodeVersion(msg, 64) };
  }
  if (payloadStart >= FIXED_WITH_MIC) out = { ...out, micCandidate: msg.slice(MIC_OFFSET, MIC_OFFSET + 16) };
  return out;
}

export interface BuildAuthenticateOptions {
  readonly flags: number;
  readonly lmChallengeResponse: Uint8Array;
  readonly ntChallengeResponse: Uint8Array;
  readonly domain: string;
  readonly user: string;
  readonly workstation: string;
  readonly encryptedRandomSessionKey: Uint8Array;
  readonly version?: NtlmVersion;
  /** Reserve the 16-byte MIC field (filled with zeros; the caller computes and patches it). */
  readonly withMic?: boolean;
}

/** Builds the message in pidgin-sipe's payload order: domain, user, workstation, LM, NT, session key. */
export function buildAuthenticateMessage(o: BuildAuthenticateOptions): Uint8Array {
  if ((o.flags & NegotiateFlag.UNICODE) === 0)
    throw new NtlmError('MissingFlags', 'we only build UNICODE AUTHENTICATE messages');
  const header = o.withMic ? FIXED_WITH_MIC : FIXED_WITH_VERSION;
  const domain = utf16le(o.domain);
  const user = utf16le(o.user);
  const workstation = utf16le(o.workstation);
  const payloads = [
    domain,
    user,
    workstation,
    o.lmChallengeResponse,
    o.ntChallengeResponse,
    o.encryptedRandomSessionKey,
  ];
  const { message, offsets } = layoutPayload(header, payloads);
  const off = (i: number): number => offsets[i] as number;
  writeU32(message, 8, MessageType.AUTHENTICATE);
  writeFieldRef(message, 12, o.lmChallengeResponse.length, off(3));
  writeFieldRef(message, 20, o.ntChallengeResponse.length, off(4));
  writeFieldRef(message, 28, domain.length, off(0));
  writeFieldRef(message, 36, user.length, off(1));
  writeFieldRef(message, 44, workstation.length, off(2));
  writeFieldRef(message, 52, o.encryptedRandomSessionKey.length, off(5));
  writeU32(message, 60, o.flags);
  if (o.version && (o.flags & NegotiateFlag.VERSION) !== 0) message.set(encodeVersion(o.version), 64);
  return message;
}
