/**
 * Section 2: webhook delivery under load. One sandbox instance with a webhook target
 * on loopback; a burst of contacts' messages; deliveries per second and the latency
 * from injection to the target's receipt. This measures the delivery code as it is.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Gateway } from "./gateway.js";
import { inject, now } from "./gateway.js";
import { percentile, progress, sleep, until, type Figures } from "./stats.js";

export interface WebhookOptions {
  db: string;
  messages: number;
  contacts: number;
}

function textOf(body: unknown): string | undefined {
  const data = (body as { data?: { message?: { content?: { text?: string } } } }).data;
  return data?.message?.content?.text;
}

export async function measureWebhooks(
  gateway: Gateway,
  figures: Figures,
  options: WebhookOptions,
): Promise<void> {
  const sentAt = new Map<string, number>();
  const latency: number[] = [];
  let lastAt = 0;
  const target = http.createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => (body += chunk.toString()));
    request.on("end", () => {
      const sent = sentAt.get(textOf(JSON.parse(body)) ?? "");
      if (sent !== undefined) {
        lastAt = now();
        latency.push(lastAt - sent);
      }
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  try {
    const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/hook`;
    const { server } = gateway;
    const inst = await server.createInstance(gateway.accountToken, {
      webhookEnabled: true,
      webhookURL: url,
    });
    await server.request("GET", `/api/instance/connect/${inst.name}`, { token: inst.token });
    await server.runtime.connections.settled(inst.id);
    progress(`webhooks (${options.db}): ${options.messages} messages to one target`);
    const started = now();
    for (let i = 0; i < options.messages; i += 1) {
      const text = `hook ${i}`;
      sentAt.set(text, now());
      inject(gateway, inst.id, i % options.contacts, text);
      if (i % 200 === 199) await sleep(0);
    }
    await until(() => latency.length >= options.messages, "the webhook deliveries", 600_000, 10);
    const seconds = (lastAt - started) / 1000;
    const note = `${options.messages} messages from ${options.contacts} contacts injected at once`;
    const add = (key: string, label: string, value: number, unit: string) =>
      figures.add({
        key: `webhooks.${options.db}.${key}`,
        section: "webhooks",
        label: `${label} (${options.db})`,
        value,
        unit,
        note,
      });
    add("perSecond", "webhook deliveries", options.messages / seconds, "deliveries/s");
    add("p50Ms", "webhook delivery latency, p50", percentile(latency, 0.5), "ms");
    add("p99Ms", "webhook delivery latency, p99", percentile(latency, 0.99), "ms");
  } finally {
    await new Promise<void>((resolve) => target.close(() => resolve()));
  }
}
