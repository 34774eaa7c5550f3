import { describe, expect, it } from "vitest";
import { startTestServer } from "../support/server.js";

type Body = Record<string, any>;

describe("restart", () => {
  it("keeps accounts, instances and tokens, and resumes connected instances", async () => {
    const first = await startTestServer();
    const account = await first.createAccount();
    const inst = await first.createInstance(account.token, { name: "durable" });
    await first.request("GET", `/api/instance/connect/${inst.name}`, { token: inst.token });
    await first.close(false);

    const second = await startTestServer({
      dataDir: first.dataDir,
      ...(first.pgSchema ? { pgSchema: first.pgSchema } : {}),
    });
    try {
      const list = await second.request<Body>("GET", "/api/instance/list", { token: inst.token });
      expect(list.status).toBe(200);
      expect(list.body.instances[0].token).toBe(inst.token);
      expect(list.body.instances[0].connection.state).toBe("connected");
      expect(second.runtime.connections.held(inst.id)).toBeDefined();
    } finally {
      await second.close();
    }
  });
});
