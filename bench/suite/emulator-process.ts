/**
 * The Chatwoot emulator in a process of its own, driven through its HTTP control API.
 * Chatwoot runs on other machines than ponte; sharing ponte's event loop would charge the
 * emulator's work to ponte's figures (a webhook answered in 1 ms read as 20 ms while the
 * emulator waited for ponte's next job to yield) and leave ponte one core instead of two.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";

type Json = Record<string, unknown>;

export interface EmulatorAccount {
  id: number;
  admin: { id: number; token: string };
}

export interface EmulatorOptions {
  messagesPerMinute?: number;
  webhookConcurrency?: number;
  maxRecords?: number;
}

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");

/** What the bench asks of the emulator, each an HTTP call to its control API. */
export class EmulatorProcess {
  private constructor(
    readonly url: string,
    readonly accounts: EmulatorAccount[],
    private readonly child: ChildProcess,
  ) {}

  static async start(options: EmulatorOptions = {}): Promise<EmulatorProcess> {
    const flag = (name: string, value: number | undefined) =>
      value === undefined ? [] : [`--${name}`, String(value)];
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "tools/chatwoot-emulator/main.ts",
        "--port",
        "0",
        "--no-rate-limit",
        "--precise-clock",
        ...flag("messages-per-minute", options.messagesPerMinute),
        ...flag("webhook-concurrency", options.webhookConcurrency),
        ...flag("max-records", options.maxRecords),
      ],
      { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
    );
    const line = await new Promise<string>((resolve, reject) => {
      child.once("exit", (code) => reject(new Error(`bench: the emulator exited (${code})`)));
      createInterface({ input: child.stdout }).once("line", resolve);
    });
    const info = JSON.parse(line) as { url: string; accounts: EmulatorAccount[] };
    child.removeAllListeners("exit");
    return new EmulatorProcess(info.url, info.accounts, child);
  }

  private async call<T>(method: string, route: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}/_emulator${route}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    });
    if (!response.ok) throw new Error(`bench: emulator ${method} ${route}: ${response.status}`);
    return (await response.json()) as T;
  }

  callCounts(): Promise<Record<string, number>> {
    return this.call("GET", "/calls/counts");
  }

  conversations(accountId?: number): Promise<Json[]> {
    return this.call(
      "GET",
      `/conversations${accountId === undefined ? "" : `?accountId=${accountId}`}`,
    );
  }

  contacts(accountId: number): Promise<Json[]> {
    return this.call("GET", `/contacts?accountId=${accountId}`);
  }

  createInbox(input: { name: string; webhookUrl: string }): Promise<Json> {
    return this.call("POST", "/inboxes", input);
  }

  reply(input: { conversationId: number; content: string }): Promise<Json> {
    return this.call("POST", `/conversations/${input.conversationId}/reply`, {
      content: input.content,
    });
  }

  /** Deliveries of one event, with the time each was queued and answered. */
  deliveries(
    event: string,
  ): Promise<{ payload: Json; enqueuedAt: number; finishedAt: number | null }[]> {
    return this.call("GET", `/deliveries?event=${encodeURIComponent(event)}`);
  }

  async clearDeliveries(): Promise<void> {
    await this.call("DELETE", "/deliveries");
  }

  messageTimes(): Promise<{ conversationId: number; content: string | null; createdAt: number }[]> {
    return this.call("GET", "/messages/times");
  }

  async waitForDeliveries(): Promise<void> {
    await this.call("POST", "/deliveries/wait");
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    this.child.kill("SIGTERM");
    await exited;
  }
}
