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

export type TokenSource = "header" | "bearer" | "query";

export interface PresentedToken {
  value: string;
  source: TokenSource;
}

/**
 * The token of a request. When several forms are sent the `token` header wins, then
 * `Authorization: Bearer`, then `?token=` (the docs leave the order open).
 */
export function presentedToken(
  headers: Record<string, string | string[] | undefined>,
  query: unknown,
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
  return undefined;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
