// The `trusted-network` scheme: REGISTER without credentials is accepted from the configured CIDR ranges
// only. Off by default; the demo config turns it on for 127.0.0.1 so that pidgin-sipe can sign in before
// NTLM exists (docs/xccos.md §6.1: the client then never signs its messages).
import { BlockList, isIPv4, isIPv6 } from 'node:net';
import type { AuthOutcome, AuthRequestContext, AuthScheme } from './scheme.js';

export class NetworkList {
  private readonly list = new BlockList();
  readonly empty: boolean;
  /** Throws with the offending entry when a CIDR (or a bare address) is malformed. */
  constructor(cidrs: readonly string[]) {
    for (const c of cidrs) {
      const [addr, bits] = c.split('/');
      const family = addr && isIPv4(addr) ? 'ipv4' : addr && isIPv6(addr) ? 'ipv6' : null;
      if (family === null)
        throw new Error(`auth.trustedNetworks: "${c}" is not an IPv4 or IPv6 address or CIDR range`);
      const max = family === 'ipv4' ? 32 : 128;
      const prefix = bits === undefined ? max : Number(bits);
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > max)
        throw new Error(`auth.trustedNetworks: "${c}" has a bad prefix length`);
      this.list.addSubnet(addr!, prefix, family);
    }
    this.empty = cidrs.length === 0;
  }

  contains(address: string): boolean {
    if (this.empty) return false;
    // IPv4-mapped IPv6 (`::ffff:127.0.0.1`) as dual-stack sockets report it.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    const a = mapped ? mapped[1]! : address;
    if (isIPv4(a)) return this.list.check(a, 'ipv4');
    if (isIPv6(a)) return this.list.check(a, 'ipv6');
    return false;
  }
}

export class TrustedNetworkScheme implements AuthScheme {
  readonly name = 'trusted-network';
  constructor(private readonly networks: NetworkList) {}

  challenges(): string[] {
    return [];
  }

  async authenticate(ctx: AuthRequestContext): Promise<AuthOutcome> {
    if (!this.networks.contains(ctx.state.connection.remoteAddress)) return { kind: 'not-applicable' };
    return { kind: 'authenticated', uri: ctx.aor, method: 'trusted-network' };
  }
}
