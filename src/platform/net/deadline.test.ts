import { describe, expect, it } from "vitest";
import { withDeadline } from "./deadline.js";

/** Settles when the signal aborts, with its reason. */
const aborted = (signal: AbortSignal) =>
  new Promise<never>((_resolve, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true });
  });

describe("withDeadline", () => {
  it("answers what the exchange answers, and leaves no timer behind", async () => {
    let seen: AbortSignal | undefined;
    const answer = await withDeadline(50, (signal) => {
      seen = signal;
      return Promise.resolve("ok");
    });
    expect(answer).toBe("ok");
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(seen?.aborted).toBe(false);
  });

  it("aborts at the deadline with a TimeoutError", async () => {
    const failure = await withDeadline(10, aborted).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DOMException);
    expect((failure as DOMException).name).toBe("TimeoutError");
    expect((failure as DOMException).message).toBe("no answer within 10 ms");
  });

  it("aborts when the stop signal does, with its reason", async () => {
    const stop = new AbortController();
    const running = withDeadline(10_000, aborted, stop.signal).catch((error: unknown) => error);
    stop.abort(new Error("closing"));
    expect(await running).toMatchObject({ message: "closing" });
  });

  it("aborts at once for a stop signal that already has", async () => {
    const stop = new AbortController();
    stop.abort(new Error("closed"));
    let seen: AbortSignal | undefined;
    await withDeadline(
      10_000,
      (signal) => {
        seen = signal;
        return Promise.resolve();
      },
      stop.signal,
    );
    expect(seen?.aborted).toBe(true);
  });

  it("lets go of the stop signal once the exchange settles", async () => {
    const stop = new AbortController();
    let seen: AbortSignal | undefined;
    await withDeadline(
      10_000,
      (signal) => {
        seen = signal;
        return Promise.resolve();
      },
      stop.signal,
    );
    stop.abort(new Error("later"));
    expect(seen?.aborted).toBe(false);
  });

  it("passes the exchange's own failure through", async () => {
    await expect(withDeadline(1_000, () => Promise.reject(new Error("refused")))).rejects.toThrow(
      "refused",
    );
  });
});
