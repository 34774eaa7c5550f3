/**
 * Which IP addresses an outbound request made for a user may reach. Only globally
 * routable unicast addresses pass; everything else (loopback, private, link-local,
 * CGNAT, multicast, unspecified, reserved, cloud metadata) is named so the refusal can
 * say what it was. The range tables are ipaddr.js's, which tracks the IANA registries.
 */
import net from "node:net";
import ipaddr from "ipaddr.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;

/** Human names of ipaddr.js's ranges, as they read after "is a(n) …". */
const RANGE_NAMES: Record<string, string> = {
  unspecified: "an unspecified address",
  broadcast: "a broadcast address",
  multicast: "a multicast address",
  linkLocal: "a link-local address",
  loopback: "a loopback address",
  carrierGradeNat: "a carrier-grade NAT (CGNAT) address",
  private: "a private address",
  uniqueLocal: "a private (unique local) address",
  reserved: "a reserved address",
  benchmarking: "a benchmarking address",
  teredo: "a Teredo tunnel address",
  deprecatedSiteLocal: "a site-local address",
  // Reached only through the well-known prefix's branch below: the local-use one.
  rfc6052: "a local-use NAT64 address",
};

/**
 * Metadata services that sit on otherwise routable addresses (the link-local and
 * unique-local ones, 169.254.169.254 and fd00:ec2::254, are already refused by range).
 */
const METADATA = ["168.63.129.16", "100.100.100.200", "192.0.0.192"].map((text) =>
  ipaddr.parse(text),
);

/** The address as ipaddr.js sees it, IPv4-mapped IPv6 unwrapped; undefined if not an IP. */
export function parseAddress(text: string): Address | undefined {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  if (net.isIP(bare) === 0) return undefined;
  return ipaddr.process(bare);
}

/** Why the address may not be reached ("a loopback address"), or undefined when it may. */
export function refusedRange(address: Address): string | undefined {
  if (
    METADATA.some(
      (metadata) => metadata.kind() === address.kind() && sameAddress(metadata, address),
    )
  )
    return "a cloud metadata address";
  if (address.kind() === "ipv4") {
    const range = (address as ipaddr.IPv4).range();
    return range === "unicast" ? undefined : (RANGE_NAMES[range] ?? `a ${range} address`);
  }
  return refusedIpv6(address as ipaddr.IPv6);
}

function refusedIpv6(address: ipaddr.IPv6): string | undefined {
  const range = address.range();
  // Translation prefixes carry an IPv4 address: judge the address they lead to.
  const embedded = embeddedIpv4(address, range);
  if (embedded !== undefined) {
    const inner = refusedRange(embedded);
    return inner === undefined ? undefined : `${inner} behind a ${range} prefix`;
  }
  if (range === "unicast") return undefined;
  return RANGE_NAMES[range] ?? `a ${range} address`;
}

function embeddedIpv4(address: ipaddr.IPv6, range: string): ipaddr.IPv4 | undefined {
  const bytes = address.toByteArray();
  switch (range) {
    case "ipv4Mapped":
    case "rfc6145":
      return new ipaddr.IPv4(bytes.slice(12, 16));
    case "rfc6052":
      // 64:ff9b::/96 embeds the address in its last 32 bits; 64:ff9b:1::/48 is local use.
      return address.parts[2] === 0 ? new ipaddr.IPv4(bytes.slice(12, 16)) : undefined;
    case "6to4":
      return new ipaddr.IPv4(bytes.slice(2, 6));
    default:
      return undefined;
  }
}

function sameAddress(a: Address, b: Address): boolean {
  return a.toNormalizedString() === b.toNormalizedString();
}

/** Whether `address` lies in the CIDR range (families must agree). */
export function inRange(address: Address, range: [Address, number]): boolean {
  if (address.kind() !== range[0].kind()) return false;
  return address.match(range);
}
