import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiClient, errorMessageOf } from "./client";
import { EventSocket, type StreamStatus } from "./event-socket";
import { base64Url, reconnectDelayMs, streamProtocols, streamUrl } from "./stream-url";

describe("the stream's address and protocols", () => {
  it("never puts the token in the URL", () => {
    const url = streamUrl({ protocol: "https:", host: "api.example.com" }, "sales br", {
      events: ["instance.state"],
      after: 42,
    });
    expect(url).toBe("wss://api.example.com/ws/manager/sales%20br?events=instance.state&after=42");
    expect(streamUrl({ protocol: "http:", host: "h:8080" }, "x", {})).toBe(
      "ws://h:8080/ws/manager/x",
    );
  });

  it("offers the token as a base64url subprotocol beside `ponte`", () => {
    expect(streamProtocols("acc_+/=é")).toEqual(["ponte", `ponte.token.${base64Url("acc_+/=é")}`]);
    expect(base64Url("acc_+/=é")).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(atob(base64Url("ab?").replaceAll("-", "+").replaceAll("_", "/"))).toBe("ab?");
  });

  it.each([
    [0, 0, 250],
    [0, 1, 500],
    [3, 1, 4000],
    [20, 1, 15000],
    [20, 0, 7500],
  ])("waits attempt %i (random %d) → %i ms", (attempt, random, ms) => {
    expect(reconnectDelayMs(attempt, () => random)).toBe(ms);
  });
});

describe("the API client", () => {
  it("sends the token in the `token` header and reads the error envelope", async () => {
    const calls: { url: string; init: RequestInit | undefined }[] = [];
    const fetcher: typeof fetch = (url, init) => {
      calls.push({ url: url as string, init });
      return Promise.resolve(
        new Response(JSON.stringify({ success: false, error: { message: "Invalid token" } }), {
          status: 401,
        }),
      );
    };
    const answer = await new ApiClient("secret", fetcher).post("/api/x", { a: 1 });
    expect(answer).toEqual({ ok: false, status: 401, message: "Invalid token" });
    expect(calls[0]?.url).toBe("/api/x");
    expect(calls[0]?.init?.headers).toEqual({
      token: "secret",
      "content-type": "application/json",
    });
  });

  it("reports an unreachable server as status 0", async () => {
    const answer = await new ApiClient("t", () => Promise.reject(new TypeError("failed"))).get(
      "/x",
    );
    expect(answer).toEqual({ ok: false, status: 0, message: "" });
  });

  it.each([
    [{ success: false, error: { message: "m" } }, "m"],
    [{ error: "plain" }, "plain"],
    [{ message: "no error key" }, undefined],
    ["text", undefined],
  ])("errorMessageOf(%j) = %s", (body, message) => {
    expect(errorMessageOf(body)).toBe(message);
  });
});

/** A stand-in for the browser's WebSocket that the test drives. */
class FakeSocket {
  static opened: FakeSocket[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: unknown }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  constructor(
    readonly url: string,
    readonly protocols: string[],
  ) {
    FakeSocket.opened.push(this);
  }
  close(): void {
    this.onclose?.({ code: 1000 });
  }
  frame(seq: number): void {
    this.onmessage?.({ data: JSON.stringify({ event: "instance.state", seq, data: {} }) });
  }
}

describe("the event socket", () => {
  beforeEach(() => {
    FakeSocket.opened = [];
    vi.useFakeTimers();
    vi.stubGlobal("WebSocket", FakeSocket);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("resumes after the last seq it handed on, each event once", () => {
    const seen: number[] = [];
    const statuses: StreamStatus[] = [];
    const socket = new EventSocket({
      instance: "support",
      token: "tok",
      onEvent: (e) => seen.push(e.seq),
      onStatus: (s) => statuses.push(s),
      page: { protocol: "http:", host: "h" },
    });
    socket.start();
    const first = FakeSocket.opened[0]!;
    expect(first.url).toBe("ws://h/ws/manager/support");
    expect(first.protocols[0]).toBe("ponte");
    first.onopen?.();
    first.frame(7);
    first.frame(8);
    first.onclose?.({ code: 1006 });
    vi.runOnlyPendingTimers();
    const second = FakeSocket.opened[1]!;
    expect(second.url).toBe("ws://h/ws/manager/support?after=8");
    second.onopen?.();
    second.frame(8);
    second.frame(9);
    expect(seen).toEqual([7, 8, 9]);
    expect(statuses).toEqual(["connecting", "live", "reconnecting", "reconnecting", "live"]);
    socket.stop();
    expect(statuses.at(-1)).toBe("closed");
    expect(FakeSocket.opened).toHaveLength(2);
  });

  it("stops for good when the instance is deleted (4404)", () => {
    const statuses: StreamStatus[] = [];
    const socket = new EventSocket({
      instance: "x",
      token: "t",
      after: 3,
      onEvent: () => undefined,
      onStatus: (s) => statuses.push(s),
      page: { protocol: "http:", host: "h" },
    });
    socket.start();
    expect(FakeSocket.opened[0]?.url).toBe("ws://h/ws/manager/x?after=3");
    FakeSocket.opened[0]?.onclose?.({ code: 4404 });
    vi.runOnlyPendingTimers();
    expect(FakeSocket.opened).toHaveLength(1);
    expect(statuses.at(-1)).toBe("closed");
  });
});
