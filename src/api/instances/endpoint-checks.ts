/**
 * The proxy and S3 blocks name hosts ponte will connect to for the instance, so they
 * are user-supplied outbound targets like any other: well-formed, and not internal
 * unless the operator allows it (OUTBOUND_ALLOW).
 */
import { badRequest } from "../../platform/errors.js";
import { checkHost, checkUrl, type OutboundPolicy } from "../../platform/net/outbound-guard.js";
import type { ProxyConfig, S3Config } from "./instance-model.js";

export const PROXY_HOST_INVALID =
  "proxy host must be a host name or an IP address, without scheme, port or path";
export const S3_ENDPOINT_INVALID = "s3 endpoint must be an http:// or https:// URL";

/** Refuses a proxy whose host is malformed or internal. */
export async function checkProxy(proxy: ProxyConfig, policy: OutboundPolicy): Promise<void> {
  if (!proxy.enabled || proxy.host === null) return;
  const host = hostOnly(proxy.host);
  if (host === undefined) throw badRequest(PROXY_HOST_INVALID);
  await checkHost(host, Number(proxy.port ?? "0"), policy, "proxy host");
}

/** Refuses an S3 endpoint that is not an http(s) URL or points inside. Empty means AWS. */
export async function checkS3(s3: S3Config, policy: OutboundPolicy): Promise<void> {
  if (!s3.enabled || s3.endpoint === null || s3.endpoint.trim() === "") return;
  let url: URL;
  try {
    url = new URL(s3.endpoint);
  } catch {
    throw badRequest(S3_ENDPOINT_INVALID);
  }
  if (url.username !== "" || url.password !== "") throw badRequest(S3_ENDPOINT_INVALID);
  // Its other refusals read like S3_ENDPOINT_INVALID ("s3 endpoint must be …").
  await checkUrl(url, policy, "s3 endpoint");
}

/** The host alone when `text` is exactly a host name or IP (IPv6 with or without brackets). */
function hostOnly(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed === "" || /[\s/?#@]/.test(trimmed)) return undefined;
  const bracketed = trimmed.includes(":") && !trimmed.startsWith("[") ? `[${trimmed}]` : trimmed;
  let url: URL;
  try {
    url = new URL(`http://${bracketed}`);
  } catch {
    return undefined;
  }
  if (url.port !== "" || url.pathname !== "/") return undefined;
  return url.hostname;
}
