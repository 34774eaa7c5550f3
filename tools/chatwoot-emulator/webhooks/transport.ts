import { Agent as HttpAgent, request as httpRequest } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";

/** Raised when the whole exchange (connect + answer) exceeds the timeout. */
export class DeliveryTimeout extends Error {
  constructor() {
    super("Timed out reading data from server");
    this.name = "DeliveryTimeout";
  }
}

/** Keep-alive connection pools, one pair per dispatcher so closing one emulator spares others. */
export class Agents {
  readonly http = new HttpAgent({ keepAlive: true });
  readonly https = new HttpsAgent({ keepAlive: true });

  destroy(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

/**
 * POSTs a body and resolves with the status once the response has been read.
 * Plain node:http rather than fetch: fetch refuses "bad ports" (1, 9, 6000…) that
 * Chatwoot's Ruby client would happily call, and hides socket error codes.
 */
export function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  signal: AbortSignal,
  agents: Agents,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const secure = target.protocol === "https:";
    const send = secure ? httpsRequest : httpRequest;
    const req = send(target, {
      method: "POST",
      headers: { ...headers, "content-length": String(Buffer.byteLength(body)) },
      agent: secure ? agents.https : agents.http,
      signal,
    });
    const timer = setTimeout(() => {
      req.destroy(new DeliveryTimeout());
    }, timeoutMs);
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => {
        clearTimeout(timer);
        resolve(res.statusCode ?? 0);
      });
      res.on("error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    req.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(body);
  });
}
