import { describe, expect, it } from "vitest";
import { parseAddress, refusedRange } from "./address-ranges.js";
import { allowsAddress, allowsHost, parseAllowList } from "./outbound-allow.js";

const refused = (text: string) => {
  const address = parseAddress(text);
  if (address === undefined) throw new Error(`not an address: ${text}`);
  return refusedRange(address);
};

describe("address classification", () => {
  it.each([
    ["127.0.0.1", "a loopback address"],
    ["127.1.2.3", "a loopback address"],
    ["10.1.2.3", "a private address"],
    ["172.16.0.1", "a private address"],
    ["192.168.1.1", "a private address"],
    ["100.64.0.1", "a carrier-grade NAT (CGNAT) address"],
    ["169.254.169.254", "a link-local address"],
    ["0.0.0.0", "an unspecified address"],
    ["224.0.0.1", "a multicast address"],
    ["255.255.255.255", "a broadcast address"],
    ["168.63.129.16", "a cloud metadata address"],
    ["100.100.100.200", "a cloud metadata address"],
    ["::1", "a loopback address"],
    ["::", "an unspecified address"],
    ["fe80::1", "a link-local address"],
    ["fc00::1", "a private (unique local) address"],
    ["fd00:ec2::254", "a private (unique local) address"],
    ["ff02::1", "a multicast address"],
    ["::ffff:127.0.0.1", "a loopback address"],
    ["::ffff:10.0.0.1", "a private address"],
    ["[::ffff:7f00:1]", "a loopback address"],
    ["64:ff9b::7f00:1", "a loopback address behind a rfc6052 prefix"],
    ["2002:7f00:1::", "a loopback address behind a 6to4 prefix"],
    ["2002:a00:1::", "a private address behind a 6to4 prefix"],
    ["64:ff9b:1::1", "a local-use NAT64 address"],
    ["2001:db8::1", "a reserved address"],
  ])("%s is %s", (address, expected) => {
    expect(refused(address)).toBe(expected);
  });

  it.each(["8.8.8.8", "93.184.215.14", "2606:4700::1111", "2002:808:808::", "64:ff9b::808:808"])(
    "%s is public",
    (address) => {
      expect(refused(address)).toBeUndefined();
    },
  );
});

describe("OUTBOUND_ALLOW", () => {
  it("reads hosts, host:port pairs and CIDR ranges", () => {
    const { entries, problems } = parseAllowList(
      " chatwoot.internal , n8n.lan:5678, 127.0.0.1, [::1]:8080, ::1, 10.0.0.0/8, fd00::/8, ::ffff:192.168.0.0/112",
    );
    expect(problems).toEqual([]);
    expect(entries).toHaveLength(8);
    const address = (text: string) => {
      const parsed = parseAddress(text);
      if (parsed === undefined) throw new Error(text);
      return parsed;
    };
    expect(allowsHost(entries, "Chatwoot.Internal", 443)).toBe(true);
    expect(allowsHost(entries, "n8n.lan", 5678)).toBe(true);
    expect(allowsHost(entries, "n8n.lan", 80)).toBe(false);
    expect(allowsAddress(entries, address("127.0.0.1"), 1)).toBe(true);
    expect(allowsAddress(entries, address("127.0.0.2"), 1)).toBe(false);
    expect(allowsAddress(entries, address("10.9.8.7"), 1)).toBe(true);
    expect(allowsAddress(entries, address("fd12::1"), 1)).toBe(true);
    expect(allowsAddress(entries, address("192.168.3.4"), 1)).toBe(true);
    expect(allowsAddress(entries, address("::ffff:127.0.0.1"), 1)).toBe(true);
  });

  it.each(["http://x", "10.0.0.0/33", "host:port", "a b", "[nothost]:80", "host:99999"])(
    "refuses %s",
    (entry) => {
      expect(parseAllowList(entry).problems).toHaveLength(1);
    },
  );
});
