import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Harness, Receiver } from "./test-support.js";
import { apiFor, request, seedConversation, startHarness, startReceiver } from "./test-support.js";

describe("control API", () => {
  let h: Harness;
  let rx: Receiver;
  let conversationId: number;
  let inboxId: number;
  beforeAll(async () => {
    h = await startHarness();
    rx = await startReceiver();
    const inbox = h.emulator.control.createInbox({ name: "Control", webhookUrl: rx.url });
    inboxId = inbox.id as number;
    ({ conversationId } = await seedConversation(h.admin, { inboxId }));
    await h.emulator.control.waitForDeliveries();
    rx.received.length = 0;
  });
  afterAll(async () => {
    await h.close();
    await rx.close();
  });

  const control = () => h.emulator.control;

  it("replies as an agent with attachments, firing message_created like the UI would", async () => {
    const reply = control().reply({
      conversationId,
      content: "Here is the invoice",
      attachments: [
        { fileName: "invoice.pdf", contentType: "application/pdf", data: Buffer.from("%PDF-1.4") },
      ],
    });
    expect(reply).toMatchObject({
      message_type: 1,
      private: false,
      sender: { type: "user", name: "Maria" },
    });
    await control().waitForDeliveries();
    const hook = rx.received.find((r) => r.body.event === "message_created")!;
    expect(hook.body).toMatchObject({
      message_type: "outgoing",
      content: "Here is the invoice",
      sender: { type: "user" },
    });
    expect(hook.body.attachments[0]).toMatchObject({
      file_type: "file",
      extension: "pdf",
      file_size: 8,
    });
    const file = await fetch(hook.body.attachments[0].data_url as string);
    expect(Buffer.from(await file.arrayBuffer()).toString()).toBe("%PDF-1.4");
  });

  it("writes private notes, resolves, reopens and deletes messages", async () => {
    rx.received.length = 0;
    const note = control().privateNote({ conversationId, content: "internal" });
    expect(note.private).toBe(true);
    expect(control().resolve({ conversationId }).status).toBe("resolved");
    expect(control().reopen({ conversationId }).status).toBe("open");
    control().deleteMessage({ conversationId, messageId: note.id as number });
    await control().waitForDeliveries();
    expect(rx.events()).toEqual([
      "message_created",
      "conversation_status_changed",
      "conversation_updated",
      "conversation_status_changed",
      "conversation_updated",
      "message_updated",
    ]);
  });

  it("acts as the contact and assigns conversations", () => {
    const incoming = control().incoming({ conversationId, content: "thanks", sourceId: "wamid.9" });
    expect(incoming).toMatchObject({
      message_type: 0,
      source_id: "wamid.9",
      sender: { type: "contact" },
    });
    const agent = h.emulator.accounts[0]!.agent;
    expect(control().assign({ conversationId, userId: agent.id }).meta).toMatchObject({
      assignee: { id: agent.id },
    });
  });

  it("inspects inboxes, contacts, conversations, messages and deliveries", async () => {
    await control().waitForDeliveries();
    expect(
      control()
        .inboxes()
        .map((i) => i.id),
    ).toContain(inboxId);
    expect(control().contacts()).toHaveLength(1);
    expect(
      control()
        .conversations()
        .map((c) => c.id),
    ).toEqual([conversationId]);
    expect(control().messages({ conversationId }).length).toBeGreaterThan(3);
    const delivered = control().deliveries({
      event: "message_created",
      target: "api_inbox",
      state: "delivered",
    });
    expect(delivered.length).toBeGreaterThan(0);
    expect(delivered[0]).toMatchObject({ url: rx.url, inboxId, responseStatus: 200, error: null });
    const found = await control().waitForDelivery((d) => d.event === "conversation_created");
    expect(found.payload.id).toBe(conversationId);
  });

  it("offers the same operations over HTTP under /_emulator", async () => {
    const base = `${h.emulator.url}/_emulator`;
    const json = { "content-type": "application/json" };
    const summary = await request(base);
    expect(summary.body.accounts[0].admin.token).toBe(h.emulator.accounts[0]!.admin.token);
    const reply = await request(`${base}/conversations/${conversationId}/reply`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({
        content: "via http",
        attachments: [
          {
            fileName: "a.png",
            contentType: "image/png",
            dataBase64: Buffer.from("x").toString("base64"),
          },
        ],
      }),
    });
    expect(reply.body).toMatchObject({
      content: "via http",
      attachments: [{ file_type: "image" }],
    });
    const status = await request(`${base}/conversations/${conversationId}/status`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ status: "pending" }),
    });
    expect(status.body.status).toBe("pending");
    const messages = await request(`${base}/conversations/${conversationId}/messages`);
    expect(messages.body.at(-1).content).toBe("Conversation was marked as pending by Maria");
    await request(`${base}/deliveries/wait`, { method: "POST" });
    const deliveries = await request(`${base}/deliveries?event=message_created`);
    expect(
      deliveries.body.some(
        (d: { payload: { content: string } }) => d.payload.content === "via http",
      ),
    ).toBe(true);
    const created = await request(`${base}/inboxes`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ name: "Over HTTP", webhookUrl: rx.url }),
    });
    expect(created.body).toMatchObject({ name: "Over HTTP", webhook_url: rx.url });
    const other = await request(`${base}/accounts`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ name: "Via HTTP" }),
    });
    expect(other.body).toMatchObject({ name: "Via HTTP", admin: { role: "administrator" } });
    const user = await request(`${base}/users`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ role: "administrator", name: "Ana" }),
    });
    expect((await apiFor(h.emulator, user.body.token as string)("GET", "inboxes")).status).toBe(
      200,
    );
  });
});

describe("control API over HTTP: the remaining routes", () => {
  it("covers members, bots, webhooks, listings, notes, incoming, assignment, deletion and knobs", async () => {
    const h = await startHarness();
    const base = `${h.emulator.url}/_emulator`;
    const send = (method: string, path: string, body?: unknown) =>
      request(`${base}${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    try {
      const [account] = h.emulator.accounts;
      const inbox = (await send("POST", "/inboxes", { name: "HTTP" })).body;
      expect(
        (
          await send("POST", `/inboxes/${inbox.id as number}/members`, {
            userId: account!.agent.id,
          })
        ).body,
      ).toEqual({ ok: true });
      expect(
        (await send("POST", `/inboxes/${inbox.id as number}/agent_bot`, { botId: account!.bot.id }))
          .body,
      ).toEqual({ ok: true });
      expect((await h.bot("POST", "conversations", { source_id: "none" })).status).toBe(404);
      const hook = await send("POST", "/webhooks", {
        url: "https://x.test/h",
        subscriptions: ["message_created"],
      });
      expect(hook.body).toMatchObject({
        url: "https://x.test/h",
        subscriptions: ["message_created"],
      });
      const { conversationId } = await seedConversation(h.admin, { inboxId: inbox.id });
      expect((await send("GET", "/contacts?accountId=1")).body).toHaveLength(1);
      expect((await send("GET", "/conversations")).body[0].id).toBe(conversationId);
      expect((await send("GET", `/conversations/${conversationId}`)).body.id).toBe(conversationId);
      const note = await send("POST", `/conversations/${conversationId}/private_note`, {
        content: "n",
      });
      expect(note.body.private).toBe(true);
      const incoming = await send("POST", `/conversations/${conversationId}/incoming`, {
        content: "c",
        sourceId: "s1",
      });
      expect(incoming.body).toMatchObject({ message_type: 0, source_id: "s1" });
      const times = (await send("GET", "/messages/times")).body as { content: string }[];
      expect(times.find((t) => t.content === "c")).toMatchObject({
        conversationId,
        createdAt: expect.any(Number),
      });
      const assigned = await send("POST", `/conversations/${conversationId}/assign`, {
        userId: account!.agent.id,
      });
      expect(assigned.body.meta.assignee.id).toBe(account!.agent.id);
      const deleted = await send(
        "DELETE",
        `/conversations/${conversationId}/messages/${note.body.id as number}`,
      );
      expect(deleted.body.content).toBe("This message was deleted");
      expect((await send("DELETE", "/deliveries")).body).toEqual({ ok: true });
      expect((await send("GET", "/deliveries")).body).toEqual([]);
      await h.admin("GET", "inboxes");
      expect((await send("GET", "/calls")).body.at(-1)).toMatchObject({
        name: "inboxes.list",
        status: 200,
      });
      expect((await send("DELETE", "/calls")).body).toEqual({ ok: true });
      expect((await send("GET", "/calls/counts")).body).toEqual({});
      await send("POST", "/faults", { kind: "error", route: "inboxes.list" });
      expect((await send("DELETE", "/faults")).body).toEqual({ ok: true });
      expect(
        (await send("PUT", "/rate_limit", { enabled: true, perIpPerMinute: 1 })).body,
      ).toMatchObject({ enabled: true, perIpPerMinute: 1 });
      await h.admin("GET", "inboxes");
      expect((await h.admin("GET", "inboxes")).status).toBe(429);
      await send("PUT", "/rate_limit", { enabled: false });
      expect((await send("PUT", "/signing", { enabled: false })).body).toEqual({ enabled: false });
      expect((await h.admin("GET", `inboxes/${inbox.id as number}`)).body).not.toHaveProperty(
        "secret",
      );
      expect((await send("GET", "/accounts")).body).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});

describe("standalone main.ts", () => {
  it("prints its URL, account id and tokens as JSON and serves", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "tools/chatwoot-emulator/main.ts", "--port", "0"],
      {
        cwd: new URL("../..", import.meta.url).pathname,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    try {
      const line = await new Promise<string>((resolve) =>
        createInterface({ input: child.stdout }).once("line", resolve),
      );
      const info = JSON.parse(line);
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(info.accounts[0]).toMatchObject({
        id: 1,
        admin: { token: expect.any(String) },
        agent: { token: expect.any(String) },
        bot: { token: expect.any(String) },
      });
      const res = await request(`${info.url as string}/api/v1/accounts/1/inboxes`, {
        headers: { api_access_token: info.accounts[0].admin.token },
      });
      expect(res.body).toEqual({ payload: [] });
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("refuses a count option that is not a positive whole number", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "tools/chatwoot-emulator/main.ts", "--port", "0", "--max-records", "0"],
      { cwd: new URL("../..", import.meta.url).pathname, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toContain("invalid --max-records: 0");
  });
});
