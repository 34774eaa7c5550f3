/**
 * The page's HTTP client: every call carries the signed-in token in the `token` header
 * (never in a URL), and every answer becomes a result that says what went wrong in the
 * API's own words, so views never parse error envelopes themselves.
 */

export type ApiResult<T> =
  | { ok: true; status: number; body: T }
  /** `status` 0: the server could not be reached at all. */
  | { ok: false; status: number; message: string };

type Method = "GET" | "POST" | "DELETE";

export class ApiClient {
  constructor(
    private readonly token: string,
    private readonly fetcher: typeof fetch = (input, init) => fetch(input, init),
  ) {}

  get<T>(path: string): Promise<ApiResult<T>> {
    return this.send<T>("GET", path, undefined);
  }

  post<T>(path: string, body: unknown = {}): Promise<ApiResult<T>> {
    return this.send<T>("POST", path, body);
  }

  delete<T>(path: string, body?: unknown): Promise<ApiResult<T>> {
    return this.send<T>("DELETE", path, body);
  }

  private async send<T>(method: Method, path: string, body: unknown): Promise<ApiResult<T>> {
    const headers: Record<string, string> = { token: this.token };
    if (body !== undefined) headers["content-type"] = "application/json";
    let response: Response;
    try {
      response = await this.fetcher(path, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
        credentials: "omit",
        cache: "no-store",
      });
    } catch {
      return { ok: false, status: 0, message: "" };
    }
    const parsed = parseJson(await response.text().catch(() => ""));
    if (response.ok) return { ok: true, status: response.status, body: parsed as T };
    return {
      ok: false,
      status: response.status,
      message: errorMessageOf(parsed) ?? `HTTP ${String(response.status)}`,
    };
  }
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The text of the API's error envelope `{"success":false,"error":{"message":…}}`. */
export function errorMessageOf(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || !("error" in body)) return undefined;
  const error = body.error;
  if (typeof error === "string") return error;
  if (typeof error !== "object" || error === null || !("message" in error)) return undefined;
  const message = error.message;
  return typeof message === "string" ? message : undefined;
}

/** A path segment, encoded. */
export const seg = (value: string): string => encodeURIComponent(value);
