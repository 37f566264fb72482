import { describe, expect, it } from "vitest";
import { embeddedIPv4, forbiddenReason, isAddressAllowed, isHostAllowed, parseAllowList } from "./address-rules";

describe("forbiddenReason", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.9.9.9", "loopback"],
    ["::1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.10", "private"],
    ["fd12:3456::1", "unique-local"],
    ["169.254.169.254", "link-local"],
    ["fd00:ec2::254", "unique-local"],
    ["fe80::1", "link-local"],
    ["100.64.0.1", "carrier-grade NAT"],
    ["100.127.255.254", "carrier-grade NAT"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["0.0.0.0", "unspecified"],
    ["::", "unspecified"],
    ["255.255.255.255", "reserved"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:a9fe:a9fe", "link-local"],
    ["64:ff9b::10.0.0.1", "private"],
  ])("refuses %s (%s)", (address, reason) => {
    expect(forbiddenReason(address)).toBe(reason);
  });

  it.each(["8.8.8.8", "52.1.2.3", "172.32.0.1", "100.128.0.1", "2606:4700::1111", "::ffff:8.8.8.8"])("allows the public address %s", (address) => {
    expect(forbiddenReason(address)).toBeNull();
  });

  it("reads the IPv4 address inside mapped and NAT64 IPv6 forms", () => {
    expect(embeddedIPv4("::ffff:7f00:1")).toBe("127.0.0.1");
    expect(embeddedIPv4("64:ff9b::a00:1")).toBe("10.0.0.1");
    expect(embeddedIPv4("2001:db8::1")).toBeNull();
  });
});

describe("allow list", () => {
  const list = parseAllowList("erp.lan, 10.20.0.0/16, 127.0.0.1, [fd00::5]");
  it("matches host names exactly and case-insensitively", () => {
    expect(isHostAllowed(list, "ERP.lan")).toBe(true);
    expect(isHostAllowed(list, "erp.lan.")).toBe(true);
    expect(isHostAllowed(list, "x.erp.lan")).toBe(false);
  });
  it("matches addresses and CIDR blocks", () => {
    expect(isAddressAllowed(list, "10.20.3.4")).toBe(true);
    expect(isAddressAllowed(list, "10.21.0.1")).toBe(false);
    expect(isAddressAllowed(list, "127.0.0.1")).toBe(true);
    expect(isAddressAllowed(list, "::ffff:10.20.0.9")).toBe(true);
    expect(isHostAllowed(list, "fd00::5")).toBe(true);
  });
  it("refuses entries it cannot read", () => {
    expect(() => parseAllowList("http://erp.lan")).toThrow(/OUTBOUND_ALLOWED_HOSTS/);
    expect(() => parseAllowList("10.0.0.0/40")).toThrow(/CIDR/);
  });
});
