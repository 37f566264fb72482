import { createServer } from "node:http";
import type { AddressInfo, Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllowList } from "./address-rules";
import type { OutboundPolicy, Resolver } from "./guarded-fetch";
import { checkOutboundUrl, createGuardedFetch, OutboundBlockedError, redirectTarget } from "./guarded-fetch";

let server: Server;
let port: number;
const hits: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? "");
    if (req.url === "/redirect-to-metadata") {
      res.writeHead(302, { Location: "http://169.254.169.254/latest/meta-data/" }).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A resolver that answers every name with fixed addresses: stands in for an attacker's DNS. */
const resolveTo = (...addresses: string[]): Resolver => async () => addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));

async function blocked(p: Promise<unknown>): Promise<OutboundBlockedError> {
  try {
    await p;
  } catch (err) {
    let e: unknown = err;
    while (e && !(e instanceof OutboundBlockedError)) e = (e as { cause?: unknown }).cause;
    if (e instanceof OutboundBlockedError) return e;
    throw err;
  }
  throw new Error("expected the guard to refuse");
}

describe("guarded fetch for merchant URLs", () => {
  const strict: OutboundPolicy = { allow: parseAllowList("") };

  it.each(["127.0.0.1", "10.0.0.5", "169.254.169.254", "[::1]", "[fd00:ec2::254]", "100.64.1.1", "224.0.0.1", "0.0.0.0"])(
    "refuses the literal address %s without connecting",
    async (host) => {
      const err = await blocked(createGuardedFetch(strict)(`https://${host}:${port}/x`));
      expect(err.reason).toBe("forbidden_address");
      // The message names the case, never the address.
      expect(err.message).not.toContain(host.replace(/[[\]]/g, ""));
    },
  );

  it.each([["loopback", "127.0.0.1"], ["private", "192.168.0.10"], ["metadata", "169.254.169.254"], ["unique-local", "fd00::1"], ["mixed public + private", "8.8.8.8", "10.0.0.1"]])(
    "refuses a host name that resolves to %s",
    async (_label, ...addresses) => {
      const policy: OutboundPolicy = { allow: parseAllowList(""), resolve: resolveTo(...addresses) };
      const err = await blocked(createGuardedFetch(policy)(`https://erp.example.com:${port}/x`));
      expect(err.reason).toBe("forbidden_address");
      await expect(checkOutboundUrl("https://erp.example.com/", policy)).rejects.toBeInstanceOf(OutboundBlockedError);
    },
  );

  it("connects to the checked address: a name resolving to an allowed address reaches it", async () => {
    const before = hits.length;
    const policy: OutboundPolicy = { allow: parseAllowList("127.0.0.1"), resolve: resolveTo("127.0.0.1") };
    // http is allowed only for listed hosts: the name itself is not listed.
    expect((await blocked(createGuardedFetch(policy)(`http://erp.example.com:${port}/x`))).reason).toBe("http_not_allowed");
    const allowedByName: OutboundPolicy = { allow: parseAllowList("erp.example.com"), resolve: resolveTo("127.0.0.1") };
    const res = await createGuardedFetch(allowedByName)(`http://erp.example.com:${port}/by-name`);
    expect(res.status).toBe(200);
    expect(hits.slice(before)).toEqual(["/by-name"]);
  });

  it("lets the operator's allowed hosts through, over http too", async () => {
    const res = await createGuardedFetch({ allow: parseAllowList("127.0.0.1") })(`http://127.0.0.1:${port}/ok`);
    expect(await res.json()).toEqual({ ok: true });
  });

  it("refuses http for hosts the operator did not allow, and credentials in the URL", async () => {
    const policy: OutboundPolicy = { allow: parseAllowList(""), resolve: resolveTo("8.8.8.8") };
    expect((await blocked(createGuardedFetch(policy)("http://erp.example.com/"))).reason).toBe("http_not_allowed");
    expect((await blocked(createGuardedFetch(policy)("https://user:pw@erp.example.com/"))).reason).toBe("credentials_in_url");
    expect((await blocked(createGuardedFetch(policy)("file:///etc/passwd"))).reason).toBe("scheme");
  });

  it("never follows a redirect (here to the metadata address): the 3xx comes back to the caller", async () => {
    const res = await createGuardedFetch({ allow: parseAllowList("127.0.0.1") })(`http://127.0.0.1:${port}/redirect-to-metadata`, {
      method: "POST",
      headers: { authorization: "Bearer secret-token" },
      body: "client_secret=s",
    });
    expect(res.status).toBe(302);
    expect(redirectTarget(res, `http://127.0.0.1:${port}`)).toBe("http://169.254.169.254/latest/meta-data/");
  });
});
