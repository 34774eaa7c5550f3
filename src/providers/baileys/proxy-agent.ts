/** The per-instance proxy (HTTP, HTTPS, SOCKS5) as an agent for the socket and media. */
import type { Agent } from "node:http";
import { HttpsProxyAgent } from "https-proxy-agent";
import { SocksProxyAgent } from "socks-proxy-agent";
import type { ProviderProxy } from "../provider.js";

export function proxyUrl(proxy: ProviderProxy): string {
  const scheme = proxy.protocol === "socks5" ? "socks5" : proxy.protocol;
  const auth =
    proxy.username === null
      ? ""
      : `${encodeURIComponent(proxy.username)}:${encodeURIComponent(proxy.password ?? "")}@`;
  return `${scheme}://${auth}${proxy.host}:${proxy.port}`;
}

export function proxyAgent(proxy: ProviderProxy | null): Agent | undefined {
  if (proxy === null) return undefined;
  const url = proxyUrl(proxy);
  return proxy.protocol === "socks5" ? new SocksProxyAgent(url) : new HttpsProxyAgent(url);
}
