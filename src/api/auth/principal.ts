/** Who is calling: the result of resolving a token (spec/ryzeapi.md 1.1–1.3). */
export type Principal =
  | { kind: "account"; accountId: string; tokenHash: string }
  | {
      kind: "instance";
      accountId: string;
      instanceId: string;
      instanceName: string;
      tokenHash: string;
    }
  /** The integration gateway, acting for any instance with BRIDGE_TOKEN. */
  | { kind: "service"; tokenHash: string };

export type TokenSource = "header" | "bearer" | "query" | "subprotocol";

/**
 * Browser WebSockets cannot send headers, and a token in a URL ends up in logs and
 * histories; so on /ws routes a token may also travel in `Sec-WebSocket-Protocol`, as
 * the subprotocol `ponte.token.<base64url(token)>` offered beside `ponte` (the one the
 * server selects, so the token is never echoed). Base64url keeps any token within the
 * characters a subprotocol may hold.
 */
export const WS_PROTOCOL = "ponte";
export const WS_TOKEN_PROTOCOL_PREFIX = "ponte.token.";

export interface PresentedToken {
  value: string;
  source: TokenSource;
}

/**
 * The token of a request. When several forms are sent the `token` header wins, then
 * `Authorization: Bearer`, then `?token=` (the docs leave the order open), then, on
 * WebSocket routes only, the subprotocol form.
 */
export function presentedToken(
  headers: Record<string, string | string[] | undefined>,
  query: unknown,
  options: { websocket?: boolean } = {},
): PresentedToken | undefined {
  const header = single(headers.token);
  if (header !== undefined && header !== "") return { value: header, source: "header" };
  const authorization = single(headers.authorization);
  const bearer = authorization === undefined ? undefined : /^Bearer\s+(.+)$/i.exec(authorization);
  if (bearer?.[1] !== undefined) return { value: bearer[1].trim(), source: "bearer" };
  if (typeof query === "object" && query !== null && "token" in query) {
    const value = single((query as { token?: unknown }).token as string | string[] | undefined);
    if (value !== undefined && value !== "") return { value, source: "query" };
  }
  if (options.websocket === true) return subprotocolToken(headers["sec-websocket-protocol"]);
  return undefined;
}

function subprotocolToken(header: string | string[] | undefined): PresentedToken | undefined {
  const offered = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",");
  for (const protocol of offered.map((p) => p.trim())) {
    if (!protocol.startsWith(WS_TOKEN_PROTOCOL_PREFIX)) continue;
    const encoded = protocol.slice(WS_TOKEN_PROTOCOL_PREFIX.length);
    if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return undefined;
    const value = Buffer.from(encoded, "base64url").toString("utf8");
    return value === "" ? undefined : { value, source: "subprotocol" };
  }
  return undefined;
}

/** The subprotocol a server answers with: `ponte` when offered, never a token form. */
export function selectProtocol(offered: ReadonlySet<string>): string | false {
  if (offered.has(WS_PROTOCOL)) return WS_PROTOCOL;
  for (const protocol of offered) {
    if (!protocol.startsWith(WS_TOKEN_PROTOCOL_PREFIX)) return protocol;
  }
  return false;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
