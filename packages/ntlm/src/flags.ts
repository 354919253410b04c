// NegotiateFlags, MS-NLMP §2.2.2.5 (bit letters in comments).

export const NegotiateFlag = {
  UNICODE: 0x00000001, // A
  OEM: 0x00000002, // B
  REQUEST_TARGET: 0x00000004, // C
  SIGN: 0x00000010, // D
  SEAL: 0x00000020, // E
  DATAGRAM: 0x00000040, // F: connection-less mode
  LM_KEY: 0x00000080, // G
  NTLM: 0x00000200, // H
  ANONYMOUS: 0x00000800, // J
  OEM_DOMAIN_SUPPLIED: 0x00001000, // K
  OEM_WORKSTATION_SUPPLIED: 0x00002000, // L
  ALWAYS_SIGN: 0x00008000, // M
  TARGET_TYPE_DOMAIN: 0x00010000, // N
  TARGET_TYPE_SERVER: 0x00020000, // O
  EXTENDED_SESSIONSECURITY: 0x00080000, // P
  IDENTIFY: 0x00100000, // Q
  REQUEST_NON_NT_SESSION_KEY: 0x00400000, // R
  TARGET_INFO: 0x00800000, // S
  VERSION: 0x02000000, // T
  NEGOTIATE_128: 0x20000000, // U
  KEY_EXCH: 0x40000000, // V
  NEGOTIATE_56: 0x80000000, // W
} as const;

export function hasFlags(flags: number, wanted: number): boolean {
  return (flags & wanted) >>> 0 === wanted >>> 0;
}

/**
 * What MS-SIPAE's connection-less NTLM needs in both CHALLENGE and AUTHENTICATE.
 * COMPAT(pidgin-sipe): sip-sec-ntlm.c refuses a CHALLENGE lacking any of these ("incompatible NTLM
 * NegotiateFlags"): UNICODE, NTLM, ALWAYS_SIGN, EXTENDED_SESSIONSECURITY, TARGET_INFO (its minimum) plus
 * SIGN, DATAGRAM, IDENTIFY, KEY_EXCH (its connection-less extra). docs/xccos.md §6.2 step 3.
 */
export const CONNECTIONLESS_REQUIRED_FLAGS =
  (NegotiateFlag.UNICODE |
    NegotiateFlag.NTLM |
    NegotiateFlag.ALWAYS_SIGN |
    NegotiateFlag.EXTENDED_SESSIONSECURITY |
    NegotiateFlag.TARGET_INFO |
    NegotiateFlag.SIGN |
    NegotiateFlag.DATAGRAM |
    NegotiateFlag.IDENTIFY |
    NegotiateFlag.KEY_EXCH) >>>
  0;

/**
 * Flags our CHALLENGE offers: the required set plus REQUEST_TARGET (we send a TargetName), VERSION
 * (we send a Version), 128 and 56 (the client keeps 128 and drops 56, MS-NLMP §3.1.5.1.2 / §3.4.5.3),
 * and TARGET_TYPE_DOMAIN (TargetName is the NetBIOS domain name, MS-NLMP §2.2.1.2).
 * COMPAT(pidgin-sipe): the client answers with (these & its own set) | REQUEST_TARGET, i.e. 0x62988255.
 */
export const SERVER_CHALLENGE_FLAGS =
  (CONNECTIONLESS_REQUIRED_FLAGS |
    NegotiateFlag.REQUEST_TARGET |
    NegotiateFlag.TARGET_TYPE_DOMAIN |
    NegotiateFlag.VERSION |
    NegotiateFlag.NEGOTIATE_128 |
    NegotiateFlag.NEGOTIATE_56) >>>
  0;
