/** One info line per lifecycle event an operator cares about (issue 14, item 11). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../support/server.js";
import { captureLog } from "../support/log-capture.js";
import { baileysLogger } from "../../src/providers/baileys/baileys-connection.js";
import { connectedInstance } from "../events/support/helpers.js";

describe("lifecycle log lines", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ env: { LOG_LEVEL: "info" } });
  });
  afterAll(async () => {
    await server.close();
  });

  it("logs an instance's connection and disconnection with the reason", async () => {
    const inst = await connectedInstance(server);
    await server.request("DELETE", `/api/instance/logout/${inst.name}`, { token: inst.token });
    const lines = server.log.lines().filter((line) => line.instance === inst.name);
    const states = lines.filter((line) => typeof line.state === "string");
    expect(states.map((line) => [line.level, line.msg])).toContainEqual([30, "instance connected"]);
    const loggedOut = states.find((line) => line.state === "loggedout");
    expect(loggedOut).toMatchObject({ level: 30 });
    expect(String(loggedOut?.msg)).toMatch(/^instance loggedout/);
  });

  it("lets Baileys' warnings through and keeps its chatter out", () => {
    const info = captureLog("info");
    const baileys = baileysLogger(info.logger, "support");
    baileys.info("frame received");
    baileys.warn("stream errored");
    expect(info.lines().map((line) => [line.msg, line.module, line.instance])).toEqual([
      ["stream errored", "baileys", "support"],
    ]);
    const quiet = captureLog("error");
    baileysLogger(quiet.logger, "support").warn("stream errored");
    expect(quiet.lines()).toEqual([]);
    const trace = captureLog("trace");
    baileysLogger(trace.logger, "support").debug("frame");
    expect(trace.lines()).toHaveLength(1);
  });
});
