/**
 * The operator's allowlist of internal targets (`OUTBOUND_ALLOW`): a comma-separated
 * list of hosts (`chatwoot.internal`, `127.0.0.1`, `[::1]`), host:port pairs
 * (`n8n.lan:5678`, `[fd00::5]:8080`) and CIDR ranges (`10.0.0.0/8`, `fd00::/8`). A host
 * entry matches the name a URL names (and, when it is an IP, that address after
 * resolution); a CIDR entry matches the address the name resolves to, on any port.
 */
import net from "node:net";
import ipaddr from "ipaddr.js";
import { inRange, parseAddress } from "./address-ranges.js";

type Address = ipaddr.IPv4 | ipaddr.IPv6;

export type AllowEntry =
  | { kind: "host"; host: string; port: number | undefined }
  | { kind: "cidr"; range: [Address, number] };

const HOSTNAME =
  /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}[a-z0-9_])?)*\.?$/;

/** Parses the list; each entry that does not read as one of the forms is a problem. */
export function parseAllowList(value: string): { entries: AllowEntry[]; problems: string[] } {
  const entries: AllowEntry[] = [];
  const problems: string[] = [];
  for (const raw of value.split(",")) {
    const text = raw.trim().toLowerCase();
    if (text === "") continue;
    const entry = parseEntry(text);
    if (entry === undefined)
      problems.push(`"${raw.trim()}" is not a host, host:port or CIDR range`);
    else entries.push(entry);
  }
  return { entries, problems };
}

function parseEntry(text: string): AllowEntry | undefined {
  if (text.includes("/")) {
    if (!ipaddr.isValidCIDR(text)) return undefined;
    const [address, bits] = ipaddr.parseCIDR(text);
    // An IPv4-mapped range is the IPv4 range it maps (addresses are compared unwrapped).
    if (address.kind() === "ipv6" && (address as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96)
      return { kind: "cidr", range: [(address as ipaddr.IPv6).toIPv4Address(), bits - 96] };
    return { kind: "cidr", range: [address, bits] };
  }
  if (net.isIPv6(text)) return hostEntry(text, undefined);
  const bracketed = /^\[([^\]]+)\](?::(\d{1,5}))?$/.exec(text);
  if (bracketed !== null) {
    const inner = bracketed[1] ?? "";
    return net.isIPv6(inner) ? hostEntry(inner, bracketed[2]) : undefined;
  }
  const [host = "", port, ...rest] = text.split(":");
  if (rest.length > 0 || (port !== undefined && !/^\d{1,5}$/.test(port))) return undefined;
  if (net.isIPv4(host) || HOSTNAME.test(host)) return hostEntry(host, port);
  return undefined;
}

function hostEntry(host: string, port: string | undefined): AllowEntry | undefined {
  const portNumber = port === undefined ? undefined : Number(port);
  if (portNumber !== undefined && (portNumber < 1 || portNumber > 65_535)) return undefined;
  const address = parseAddress(host);
  const normalized = address === undefined ? host.replace(/\.$/, "") : address.toString();
  return { kind: "host", host: normalized, port: portNumber };
}

/** Whether the operator allows the name a URL names (before any resolution). */
export function allowsHost(entries: readonly AllowEntry[], host: string, port: number): boolean {
  const name = normalizeHost(host);
  return entries.some(
    (entry) =>
      entry.kind === "host" &&
      entry.host === name &&
      (entry.port === undefined || entry.port === port),
  );
}

/** Whether the operator allows an address a name resolved to. */
export function allowsAddress(
  entries: readonly AllowEntry[],
  address: Address,
  port: number,
): boolean {
  const text = address.toString();
  return entries.some((entry) =>
    entry.kind === "cidr"
      ? inRange(address, entry.range)
      : entry.host === text && (entry.port === undefined || entry.port === port),
  );
}

/** A URL's hostname as entries store it: lower case, no brackets or trailing dot. */
export function normalizeHost(host: string): string {
  const lower = host.toLowerCase();
  const address = parseAddress(lower);
  return address === undefined ? lower.replace(/\.$/, "") : address.toString();
}
