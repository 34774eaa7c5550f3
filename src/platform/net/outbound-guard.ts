/**
 * The guard on every outbound request ponte makes for a user (media URLs, webhook
 * targets, proxy and S3 endpoints, the gateway's Chatwoot base URL): only public
 * addresses, unless the operator allowlists a target (`OUTBOUND_ALLOW`).
 *
 * It checks twice. `checkUrl` resolves the host up front so a request can be refused
 * with a clear 400 before anything is stored or sent. The dispatcher from
 * `createGuardedDispatcher` resolves again when it opens a connection, checks every
 * answer and connects to the address it checked, so a name whose DNS answer changes
 * between the two (DNS rebinding) still cannot reach an internal address.
 */
import dns from "node:dns";
import net from "node:net";
import { Agent, buildConnector } from "undici";
import { AppError } from "../errors.js";
import { parseAddress, refusedRange } from "./address-ranges.js";
import { allowsAddress, allowsHost, normalizeHost, type AllowEntry } from "./outbound-allow.js";

/** Resolves a host name to its addresses (injectable so tests can rebind). */
export type Resolver = (hostname: string) => Promise<string[]>;

export interface OutboundPolicy {
  allow: readonly AllowEntry[];
  /** Defaults to the system resolver (`dns.lookup`, every address). */
  resolve?: Resolver | undefined;
}

export const systemResolver: Resolver = async (hostname) =>
  (await dns.promises.lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/** A refused target; a 400 when it reaches a client, and never worth retrying. */
export class OutboundRefusedError extends AppError {
  constructor(
    readonly what: string,
    readonly detail: string,
  ) {
    super(400, `${what} refused: ${detail}; set OUTBOUND_ALLOW to allow it`);
    this.name = "OutboundRefusedError";
  }

  /** The same refusal named after the field the caller knows (`mediaUrl`). */
  as(what: string): OutboundRefusedError {
    return new OutboundRefusedError(what, this.detail);
  }
}

/**
 * The addresses `host` may be reached at, all of them checked. An allowlisted name is
 * not resolved here (undefined: connect by name). A name that does not resolve is not
 * a refusal: the connection fails on its own, and a target that is down for a moment
 * is not refused for good.
 */
export async function resolveAllowed(
  policy: OutboundPolicy,
  host: string,
  port: number,
  what: string,
  options: { unresolvedOk: boolean } = { unresolvedOk: false },
): Promise<string[] | undefined> {
  const name = normalizeHost(host);
  if (allowsHost(policy.allow, name, port)) return undefined;
  const literal = parseAddress(name);
  let answers: string[];
  if (literal !== undefined) answers = [name];
  else {
    try {
      answers = await (policy.resolve ?? systemResolver)(name);
    } catch (error) {
      if (options.unresolvedOk) return [];
      throw error;
    }
  }
  for (const answer of answers) {
    const address = parseAddress(answer);
    if (address === undefined)
      throw new OutboundRefusedError(what, `${name} resolves to ${answer}, not an IP address`);
    if (allowsAddress(policy.allow, address, port)) continue;
    const range = refusedRange(address);
    if (range === undefined) continue;
    const shown = address.toString();
    throw new OutboundRefusedError(
      what,
      literal !== undefined ? `${shown} is ${range}` : `${name} resolves to ${shown}, ${range}`,
    );
  }
  return answers;
}

/** Refuses a host:port (a proxy) whose address is internal; resolves the name first. */
export async function checkHost(
  host: string,
  port: number,
  policy: OutboundPolicy,
  what: string,
): Promise<void> {
  await resolveAllowed(policy, host, port, what, { unresolvedOk: true });
}

/** Parses an http(s) URL and refuses it when its host is internal. */
export async function checkUrl(
  url: string | URL,
  policy: OutboundPolicy,
  what = "outbound request",
): Promise<URL> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError(400, `${what} must be an http:// or https:// URL`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
    throw new AppError(400, `${what} must be an http:// or https:// URL`);
  await checkHost(parsed.hostname, portOf(parsed), policy, what);
  return parsed;
}

export function portOf(url: URL): number {
  if (url.port !== "") return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

/**
 * An undici dispatcher whose every connection is checked at connect time: it resolves
 * the host itself, refuses internal answers, and connects to the address it checked
 * (TLS still verifies the certificate against the name).
 */
export function createGuardedDispatcher(
  policy: OutboundPolicy,
  options: Omit<Agent.Options, "connect"> & { connectTimeoutMs?: number } = {},
): Agent {
  const { connectTimeoutMs, ...agentOptions } = options;
  const base = buildConnector({ timeout: connectTimeoutMs ?? 10_000 });
  const connect: buildConnector.connector = (target, callback) => {
    const hostname = target.hostname.replace(/^\[(.*)\]$/, "$1");
    const port = Number(target.port) || (target.protocol === "https:" ? 443 : 80);
    resolveAllowed(policy, hostname, port, "outbound request").then(
      (addresses) => {
        // An allowlisted name is connected to by name; the others at a checked address.
        if (addresses === undefined) return base(target, callback);
        const address = addresses[0];
        if (address === undefined) return callback(new Error(`${hostname} has no address`), null);
        const servername = target.servername ?? (net.isIP(hostname) === 0 ? hostname : undefined);
        base({ ...target, hostname: address, ...(servername ? { servername } : {}) }, callback);
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error)), null),
    );
  };
  return new Agent({ ...agentOptions, connect });
}
