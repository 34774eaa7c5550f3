import { describe, expect, it } from "vitest";
import { withDeadline } from "./deadline.js";

/** Settles when the signal aborts, with its reason. */
const aborted = (signal: AbortSignal) =>
  new Promise<never>((_resolve, reject) => {
    signal.addEventListener("abort", () => reject(signal.reason as Error), { once: true });
  });

/** The signal an exchange that settles at once was given. */
async function signalOfExchange(stop?: AbortSignal, ms = 10_000): Promise<AbortSignal> {
  let seen: AbortSignal | undefined;
  await withDeadline(
    ms,
    (signal) => {
      seen = signal;
      return Promise.resolve();
    },
    stop,
  );
  if (seen === undefined) throw new Error("the exchange did not run");
  return seen;
}

describe("withDeadline", () => {
  it("answers what the exchange answers", async () => {
    expect(await withDeadline(50, () => Promise.resolve("ok"))).toBe("ok");
  });

  it("leaves no timer behind once the exchange settles", async () => {
    const signal = await signalOfExchange(undefined, 20);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(signal.aborted).toBe(false);
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
    expect((await signalOfExchange(stop.signal)).aborted).toBe(true);
  });

  it("lets go of the stop signal once the exchange settles", async () => {
    const stop = new AbortController();
    const signal = await signalOfExchange(stop.signal);
    stop.abort(new Error("later"));
    expect(signal.aborted).toBe(false);
  });

  it("passes the exchange's own failure through", async () => {
    await expect(withDeadline(1_000, () => Promise.reject(new Error("refused")))).rejects.toThrow(
      "refused",
    );
  });
});
