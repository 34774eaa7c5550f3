import { describe, expect, it } from "vitest";
import { HttpsProxyAgent } from "https-proxy-agent";
import { SocksProxyAgent } from "socks-proxy-agent";
import { proxyAgent, proxyUrl } from "./proxy-agent.js";

describe("per-instance proxy", () => {
  it.each([
    [
      { protocol: "http", host: "p.local", port: "3128", username: null, password: null },
      "http://p.local:3128",
    ],
    [
      { protocol: "https", host: "p.local", port: "443", username: "u", password: "p@ss:w" },
      "https://u:p%40ss%3Aw@p.local:443",
    ],
    [
      { protocol: "socks5", host: "10.0.0.1", port: "1080", username: "u", password: null },
      "socks5://u:@10.0.0.1:1080",
    ],
  ] as const)("%j → %s", (proxy, url) => {
    expect(proxyUrl(proxy)).toBe(url);
  });

  it("builds the agent the protocol needs, and none without a proxy", () => {
    expect(proxyAgent(null)).toBeUndefined();
    const http = proxyAgent({
      protocol: "http",
      host: "h",
      port: "1",
      username: null,
      password: null,
    });
    expect(http).toBeInstanceOf(HttpsProxyAgent);
    const socks = proxyAgent({
      protocol: "socks5",
      host: "h",
      port: "1",
      username: null,
      password: null,
    });
    expect(socks).toBeInstanceOf(SocksProxyAgent);
  });
});
