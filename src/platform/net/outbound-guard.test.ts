import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetch } from "undici";
import { parseAllowList } from "./outbound-allow.js";
import { createOutboundGuard } from "./outbound-fetch.js";
import {
  checkUrl,
  createGuardedDispatcher,
  OutboundRefusedError,
  type OutboundPolicy,
  type Resolver,
} from "./outbound-guard.js";

/** A loopback server that records what reaches it. */
async function listen(handler: http.RequestListener) {
  const seen: { url: string; host: string }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ url: req.url ?? "", host: req.headers.host ?? "" });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { server, port, seen };
}

/** Answers from a table; names not in it do not resolve (tests never ask real DNS). */
const tableResolver =
  (table: Record<string, string[]>): Resolver =>
  (name) => {
    const answer = table[name];
    if (answer === undefined)
      return Promise.reject(Object.assign(new Error(`ENOTFOUND ${name}`), { code: "ENOTFOUND" }));
    return Promise.resolve(answer);
  };

const policy = (allow: string, resolve: Resolver = tableResolver({})): OutboundPolicy => ({
  allow: parseAllowList(allow).entries,
  resolve,
});

let target: Awaited<ReturnType<typeof listen>>;
let bouncer: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  target = await listen((_req, res) => res.end("internal secret"));
  bouncer = await listen((_req, res) => {
    res.writeHead(302, { location: `http://127.0.0.1:${target.port}/secret` });
    res.end();
  });
});
afterAll(() => {
  target.server.close();
  bouncer.server.close();
});

describe("checkUrl", () => {
  it.each([
    [
      "http://127.0.0.1/",
      "mediaUrl refused: 127.0.0.1 is a loopback address; set OUTBOUND_ALLOW to allow it",
    ],
    [
      "http://10.0.0.8:8080/x",
      "mediaUrl refused: 10.0.0.8 is a private address; set OUTBOUND_ALLOW to allow it",
    ],
    [
      "http://[::1]:80/",
      "mediaUrl refused: ::1 is a loopback address; set OUTBOUND_ALLOW to allow it",
    ],
    [
      "http://[::ffff:127.0.0.1]/",
      "mediaUrl refused: 127.0.0.1 is a loopback address; set OUTBOUND_ALLOW to allow it",
    ],
    [
      "http://2130706433/",
      "mediaUrl refused: 127.0.0.1 is a loopback address; set OUTBOUND_ALLOW to allow it",
    ],
    [
      "http://169.254.169.254/latest/meta-data",
      "mediaUrl refused: 169.254.169.254 is a link-local address; set OUTBOUND_ALLOW to allow it",
    ],
    [
      "http://internal.test/",
      "mediaUrl refused: internal.test resolves to 127.0.0.1, a loopback address; set OUTBOUND_ALLOW to allow it",
    ],
    [
      "http://mixed.test/",
      "mediaUrl refused: mixed.test resolves to 192.168.0.1, a private address; set OUTBOUND_ALLOW to allow it",
    ],
  ])("refuses %s", async (url, message) => {
    const resolve = tableResolver({
      "internal.test": ["127.0.0.1"],
      "mixed.test": ["93.184.215.14", "192.168.0.1"],
    });
    const error = await checkUrl(url, policy("", resolve), "mediaUrl").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundRefusedError);
    expect((error as OutboundRefusedError).status).toBe(400);
    expect((error as Error).message).toBe(message);
  });

  it("refuses other schemes", async () => {
    await expect(checkUrl("file:///etc/passwd", policy(""), "mediaUrl")).rejects.toThrow(
      "mediaUrl must be an http:// or https:// URL",
    );
  });

  it("passes public addresses, allowlisted targets and names that do not resolve", async () => {
    const resolve = tableResolver({ "cdn.test": ["93.184.215.14"], "hooks.lan": ["10.1.1.1"] });
    await expect(checkUrl("https://cdn.test/a.png", policy("", resolve))).resolves.toBeInstanceOf(
      URL,
    );
    await expect(
      checkUrl("http://hooks.lan/", policy("hooks.lan", resolve)),
    ).resolves.toBeInstanceOf(URL);
    await expect(
      checkUrl("http://hooks.lan/", policy("10.0.0.0/8", resolve)),
    ).resolves.toBeInstanceOf(URL);
    await expect(checkUrl("http://127.0.0.1:9/", policy("127.0.0.1:9"))).resolves.toBeInstanceOf(
      URL,
    );
    await expect(checkUrl("http://127.0.0.1:10/", policy("127.0.0.1:9"))).rejects.toThrow(
      "loopback",
    );
    await expect(checkUrl("http://nowhere.invalid/", policy(""))).resolves.toBeInstanceOf(URL);
  });
});

describe("the guarded fetch", () => {
  it("refuses a loopback target without sending anything", async () => {
    // The system resolver: localhost resolves from the hosts file, never from the network.
    const guard = createOutboundGuard({ allow: [] });
    await expect(guard.fetch(`http://127.0.0.1:${target.port}/`, {}, "mediaUrl")).rejects.toThrow(
      "mediaUrl refused: 127.0.0.1 is a loopback address",
    );
    await expect(guard.fetch(`http://localhost:${target.port}/`, {}, "mediaUrl")).rejects.toThrow(
      /mediaUrl refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/,
    );
    await guard.close();
    expect(target.seen).toEqual([]);
  });

  it("reaches an allowlisted target, connecting to the address it checked", async () => {
    const guard = createOutboundGuard(
      policy("127.0.0.0/8", tableResolver({ "files.test": ["127.0.0.1"] })),
    );
    const response = await guard.fetch(`http://files.test:${target.port}/a`, {}, "mediaUrl");
    expect(await response.text()).toBe("internal secret");
    expect(target.seen.at(-1)).toEqual({ url: "/a", host: `files.test:${target.port}` });
    await guard.close();
    target.seen.length = 0;
  });

  it("refuses a redirect into loopback", async () => {
    const guard = createOutboundGuard(policy(`127.0.0.1:${bouncer.port}`));
    await expect(guard.fetch(`http://127.0.0.1:${bouncer.port}/`, {}, "mediaUrl")).rejects.toThrow(
      "mediaUrl (redirect) refused: 127.0.0.1 is a loopback address; set OUTBOUND_ALLOW to allow it",
    );
    await guard.close();
    expect(bouncer.seen).toHaveLength(1);
    expect(target.seen).toEqual([]);
    bouncer.seen.length = 0;
  });

  it("stops after too many redirects", async () => {
    const loop = await listen((req, res) => {
      res.writeHead(307, { location: "/again" });
      res.end();
    });
    const guard = createOutboundGuard(policy("127.0.0.1"));
    await expect(guard.fetch(`http://127.0.0.1:${loop.port}/`, {}, "mediaUrl")).rejects.toThrow(
      "mediaUrl refused: more than 5 redirects",
    );
    expect(loop.seen).toHaveLength(6);
    await guard.close();
    loop.server.close();
  });

  it("refuses a name that rebinds to loopback between the check and the connection", async () => {
    let calls = 0;
    const rebinding: Resolver = () => {
      calls += 1;
      // The first answer (the up-front check) is public; every later one is loopback.
      return Promise.resolve(calls === 1 ? ["93.184.215.14"] : ["127.0.0.1"]);
    };
    const guard = createOutboundGuard(policy("", rebinding));
    await expect(guard.fetch(`http://rebind.test:${target.port}/`, {}, "mediaUrl")).rejects.toThrow(
      "mediaUrl refused: rebind.test resolves to 127.0.0.1, a loopback address",
    );
    expect(calls).toBe(2);
    expect(target.seen).toEqual([]);
    await guard.close();
  });

  it("checks at connect time when used as a bare dispatcher", async () => {
    const dispatcher = createGuardedDispatcher(
      policy("", tableResolver({ "inside.test": ["127.0.0.1"] })),
    );
    const error = await fetch(`http://inside.test:${target.port}/`, { dispatcher }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).cause).toBeInstanceOf(OutboundRefusedError);
    expect(((error as Error).cause as Error).message).toBe(
      "outbound request refused: inside.test resolves to 127.0.0.1, a loopback address; set OUTBOUND_ALLOW to allow it",
    );
    expect(target.seen).toEqual([]);
    await dispatcher.close();
  });
});
