/** Which loopback ports the demo listens on. */
import net from "node:net";

export interface ChosenPort {
  port: number;
  /** Why it is not the port that was preferred, when it is not. */
  note?: string;
}

/**
 * `wanted` given: that port (0: a free one). Not given: `preferred` when it is free,
 * so the URLs are the familiar ones, else any free port — a demo should not fail
 * because ponte already runs on this machine.
 */
export async function choosePort(
  host: string,
  wanted: number | undefined,
  preferred: number,
): Promise<ChosenPort> {
  if (wanted !== undefined && wanted !== 0) return { port: wanted };
  if (wanted === undefined) {
    const free = await probe(host, preferred).catch(() => undefined);
    if (free !== undefined) return { port: free };
    const port = await probe(host, 0);
    return { port, note: `port ${preferred} is taken, so ${port}` };
  }
  return { port: await probe(host, 0) };
}

/** Listens on the port and lets it go again: the port it got, or a rejection when taken. */
function probe(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const got = typeof address === "object" && address !== null ? address.port : port;
      server.close(() => resolve(got));
    });
  });
}
