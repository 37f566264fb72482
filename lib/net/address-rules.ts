import { BlockList, isIP } from "node:net";

/**
 * Which IP addresses an outbound call to a merchant-entered URL may reach.
 * Everything that is not a public unicast address is refused unless the
 * operator allows it (OUTBOUND_ALLOWED_HOSTS): loopback, private (RFC 1918,
 * unique-local), link-local (cloud metadata 169.254.169.254, fd00:ec2::254),
 * CGNAT, multicast, unspecified, and the other reserved blocks.
 */
const FORBIDDEN_V4: Array<[string, number, string]> = [
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "carrier-grade NAT"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"],
  ["192.0.2.0", 24, "reserved"],
  ["192.88.99.0", 24, "reserved"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "reserved"],
  ["198.51.100.0", 24, "reserved"],
  ["203.0.113.0", 24, "reserved"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];
const FORBIDDEN_V6: Array<[string, number, string]> = [
  ["::", 128, "unspecified"],
  ["::1", 128, "loopback"],
  ["fc00::", 7, "unique-local"],
  ["fe80::", 10, "link-local"],
  ["fec0::", 10, "site-local"],
  ["ff00::", 8, "multicast"],
  ["100::", 64, "reserved"],
  ["2001:db8::", 32, "reserved"],
];

function blockListOf(v4: Array<[string, number, string]>, v6: Array<[string, number, string]>) {
  const lists = new Map<string, BlockList>();
  for (const [net, prefix, reason] of v4) {
    if (!lists.has(reason)) lists.set(reason, new BlockList());
    lists.get(reason)!.addSubnet(net, prefix, "ipv4");
  }
  for (const [net, prefix, reason] of v6) {
    if (!lists.has(reason)) lists.set(reason, new BlockList());
    lists.get(reason)!.addSubnet(net, prefix, "ipv6");
  }
  return lists;
}
const FORBIDDEN = blockListOf(FORBIDDEN_V4, FORBIDDEN_V6);

/** The IPv4 address an IPv6 address carries (IPv4-mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, IPv4-compatible ::a.b.c.d), if any. */
export function embeddedIPv4(address: string): string | null {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = parseInt(hex[1]!, 16);
    const lo = parseInt(hex[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

/** Why an address is not public (e.g. "loopback"), or null for a public unicast address. */
export function forbiddenReason(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return "not an IP address";
  if (family === 6) {
    const v4 = embeddedIPv4(address);
    if (v4) return forbiddenReason(v4);
  }
  const type = family === 4 ? "ipv4" : "ipv6";
  for (const [reason, list] of FORBIDDEN) if (list.check(address, type)) return reason;
  return null;
}

/** The operator's allow list: host names (exact, case-insensitive), IP addresses and CIDR blocks. */
export interface AllowList {
  hosts: Set<string>;
  addresses: BlockList;
  /** The entries as written, for messages. */
  entries: string[];
}

export function parseAllowList(raw: string | undefined): AllowList {
  const hosts = new Set<string>();
  const addresses = new BlockList();
  const entries: string[] = [];
  for (const part of (raw ?? "").split(/[\s,]+/)) {
    const entry = part.trim().replace(/^\[|\]$/g, "");
    if (!entry) continue;
    entries.push(entry);
    const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
    if (cidr && isIP(cidr[1]!)) {
      const type = isIP(cidr[1]!) === 4 ? "ipv4" : "ipv6";
      const prefix = Number(cidr[2]);
      if (prefix > (type === "ipv4" ? 32 : 128)) throw new Error(`OUTBOUND_ALLOWED_HOSTS: ${entry} is not a valid CIDR block`);
      addresses.addSubnet(cidr[1]!, prefix, type);
    } else if (isIP(entry)) {
      addresses.addAddress(entry, isIP(entry) === 4 ? "ipv4" : "ipv6");
      hosts.add(entry.toLowerCase());
    } else if (/^[a-z0-9.-]+$/i.test(entry)) {
      hosts.add(entry.toLowerCase().replace(/\.$/, ""));
    } else {
      throw new Error(`OUTBOUND_ALLOWED_HOSTS: "${entry}" is neither a host name, an IP address nor a CIDR block`);
    }
  }
  return { hosts, addresses, entries };
}

export function isHostAllowed(list: AllowList, hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "").replace(/\.$/, "");
  if (list.hosts.has(host)) return true;
  const family = isIP(host);
  return family !== 0 && list.addresses.check(host, family === 4 ? "ipv4" : "ipv6");
}

export function isAddressAllowed(list: AllowList, address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  if (list.addresses.check(address, family === 4 ? "ipv4" : "ipv6")) return true;
  const v4 = family === 6 ? embeddedIPv4(address) : null;
  return !!v4 && list.addresses.check(v4, "ipv4");
}
