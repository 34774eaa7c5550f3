/**
 * `GET /api/instance/list` shows each instance with its own settings, proxy and S3
 * blocks (read in one joined query with the instances), whole, filtered and paged,
 * without the proxy password or the S3 secret.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import type { Body } from "../events/support/helpers.js";

describe("the blocks of each listed instance", () => {
  let server: TestServer;
  let account: { id: string; token: string };

  const proxy = {
    enabled: true,
    host: "127.0.0.1",
    port: "8080",
    protocol: "socks5",
    username: "proxy-user",
  };
  const s3 = {
    enabled: true,
    region: "sa-east-1",
    bucket: "media",
    accessKey: "AKIA-list-test",
    secretKey: null,
    endpoint: "http://127.0.0.1:9000",
    pathPrefix: "ponte/",
  };
  const defaults = {
    proxy: { enabled: false, host: null, port: null, protocol: null, username: null },
    s3: {
      enabled: false,
      region: null,
      bucket: null,
      accessKey: null,
      secretKey: null,
      endpoint: null,
      pathPrefix: null,
    },
  };

  beforeAll(async () => {
    server = await startTestServer();
    account = await server.createAccount("Blocks", 10);
    await server.createInstance(account.token, {
      name: "a-proxied",
      proxyEnabled: true,
      proxyHost: proxy.host,
      proxyPort: proxy.port,
      proxyProtocol: proxy.protocol,
      proxyUsername: proxy.username,
      proxyPassword: "proxy-password-never-listed",
    });
    await server.createInstance(account.token, {
      name: "b-stored",
      ignoreGroupMessages: true,
      autoRejectCalls: true,
      callRejectMessage: "busy",
      s3Enabled: true,
      s3Region: s3.region,
      s3Bucket: s3.bucket,
      s3AccessKey: s3.accessKey,
      s3SecretKey: "s3-secret-never-listed",
      s3Endpoint: s3.endpoint,
      s3PathPrefix: s3.pathPrefix,
    });
    await server.createInstance(account.token, { name: "c-plain" });
    // Another account's configured instance never shows, nor lends its blocks.
    const other = await server.createAccount("Other", 10);
    await server.createInstance(other.token, { name: "a-proxied", s3Enabled: false });
  });
  afterAll(async () => {
    await server.close();
  });

  const list = async (query = "") => {
    const reply = await server.request<Body>("GET", `/api/instance/list${query}`, {
      token: account.token,
    });
    expect(reply.status).toBe(200);
    return reply.body.instances as Body[];
  };

  it("gives every instance its own blocks, oldest first", async () => {
    const [a, b, c, ...rest] = await list();
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ name: "a-proxied", proxy, s3: defaults.s3 });
    expect(a?.settings.ignoreGroupMessages).toBe(false);
    expect(b).toMatchObject({
      name: "b-stored",
      proxy: defaults.proxy,
      s3,
      settings: { ignoreGroupMessages: true, autoRejectCalls: true, callRejectMessage: "busy" },
    });
    expect(c).toMatchObject({ name: "c-plain", ...defaults });
    const text = JSON.stringify([a, b, c]);
    expect(text).not.toContain("proxy-password-never-listed");
    expect(text).not.toContain("s3-secret-never-listed");
  });

  it("keeps each instance's blocks in a page and a filtered list", async () => {
    const page = await list("?limit=1&offset=1");
    expect(page).toHaveLength(1);
    expect(page[0]).toMatchObject({ name: "b-stored", proxy: defaults.proxy, s3 });
    const named = await list("?instanceName=a-proxied,c-plain");
    expect(named.map((i) => i.name)).toEqual(["a-proxied", "c-plain"]);
    expect(named[0]).toMatchObject({ proxy, s3: defaults.s3 });
    expect(named[1]).toMatchObject(defaults);
  });
});
