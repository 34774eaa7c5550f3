import { describe, expect, it } from "vitest";
import { ConnectionManager } from "../../src/api/connections/connection-manager.js";
import type { LeaseStore } from "../../src/platform/db/lease-store.js";
import type { InstanceRecord } from "../../src/api/instances/instance-model.js";
import type { InstanceStore } from "../../src/api/instances/instance-store.js";
import { systemClock } from "../../src/platform/clock.js";
import type { ProviderEvent } from "../../src/providers/provider.js";
import { SandboxProvider } from "../../src/providers/sandbox/sandbox-provider.js";
import { captureLog } from "../support/log-capture.js";

const instance = { id: "i1", name: "one", provider: "sandbox" } as InstanceRecord;

function manager(failures: { findById?: number; updateConnection?: number } = {}) {
  const left = {
    findById: failures.findById ?? 0,
    updateConnection: failures.updateConnection ?? 0,
  };
  const store = {
    findById: () => {
      if (left.findById-- > 0) return Promise.reject(new Error("SQLITE_BUSY"));
      return Promise.resolve(instance);
    },
    updateConnection: () => {
      if (left.updateConnection-- > 0) return Promise.reject(new Error("SQLITE_BUSY"));
      return Promise.resolve();
    },
  } as unknown as InstanceStore;
  const log = captureLog();
  const connections = new ConnectionManager(
    new Map([["sandbox", new SandboxProvider()]]),
    store,
    systemClock,
    log.logger,
    {
      acquire: () => Promise.resolve(true),
      release: () => Promise.resolve(),
    } as unknown as LeaseStore,
    "owner-1",
  );
  return { connections, log };
}

describe("events pass the recorder before any listener", () => {
  it("retries a failed recording, then lets listeners see the event once", async () => {
    const { connections, log } = manager();
    const order: string[] = [];
    let failures = 2;
    connections.recordWith((_instance, event: ProviderEvent) => {
      if (failures > 0) {
        failures -= 1;
        return Promise.reject(new Error("database is busy"));
      }
      order.push(`recorded ${event.kind}`);
      return Promise.resolve();
    });
    connections.onEvent((_instance, event) => {
      order.push(`listener ${event.kind}`);
      return Promise.resolve();
    });
    await (await connections.connection(instance)).connect({});
    await connections.settled(instance.id);
    expect(order).toEqual(["recorded connection", "listener connection"]);
    expect(log.text()).toContain("event log write failed; retrying");
  });

  it("logs a failing listener with the event and still runs the others", async () => {
    const { connections, log } = manager();
    const seen: string[] = [];
    connections.onEvent(() => Promise.reject(new Error("boom")));
    connections.onEvent((_instance, event) => {
      seen.push(event.kind);
      return Promise.resolve();
    });
    await (await connections.connection(instance)).connect({});
    await connections.settled(instance.id);
    expect(seen).toEqual(["connection"]);
    const line = log.lines().find((l) => l.msg === "event listener failed");
    expect(line).toMatchObject({
      instanceId: "i1",
      event: "connection",
      detail: { state: "connected" },
    });
  });

  it("retries a database hiccup before the recorder too (instance row, look-up)", async () => {
    const { connections } = manager({ findById: 1, updateConnection: 1 });
    const recorded: string[] = [];
    connections.recordWith((_instance, event) => {
      recorded.push(event.kind);
      return Promise.resolve();
    });
    await (await connections.connection(instance)).connect({});
    await connections.settled(instance.id);
    expect(recorded).toEqual(["connection"]);
  });
});
