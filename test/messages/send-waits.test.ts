/**
 * A send answers once its own event is in the log, not once the instance's whole event
 * queue has drained: an inbound event emitted right after it, whose recording the test
 * holds open, must not hold up the answer.
 */
import { describe, expect, it } from "vitest";
import { ConnectionManager } from "../../src/api/connections/connection-manager.js";
import type { LeaseStore } from "../../src/platform/db/lease-store.js";
import type { InstanceRecord } from "../../src/api/instances/instance-model.js";
import type { InstanceStore } from "../../src/api/instances/instance-store.js";
import { MessageService } from "../../src/api/messages/message-service.js";
import type { StoredMessages } from "../../src/api/messages/stored-messages.js";
import type { ExchangeMessage } from "../../src/contracts/events.js";
import { systemClock } from "../../src/platform/clock.js";
import type { ProviderEvent, WhatsAppProvider } from "../../src/providers/provider.js";
import { SandboxProvider } from "../../src/providers/sandbox/sandbox-provider.js";
import { captureLog } from "../support/log-capture.js";

const instance = { id: "i1", name: "one", provider: "sandbox" } as InstanceRecord;
const GROUP = "120363000000000001@g.us";

const unrelated: ProviderEvent = {
  kind: "message",
  message: {
    id: "INBOUND-1",
    type: "text",
    direction: "incoming",
    fromMe: false,
    timestamp: "2026-01-01T00:00:00.000Z",
    chat: { jid: GROUP, phone: null, lid: null, name: "g", type: "group", isCommunity: false },
    sender: { jid: "5511900000050@s.whatsapp.net", phone: "5511900000050", lid: null, name: "" },
    content: { text: "meanwhile" },
  },
};

/** A gate the test opens; `entered` settles once something waits at it. */
function gate() {
  let open = () => {};
  let entered = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (entered = resolve));
  return { opened, reached, open, entered };
}

describe("a send's answer", () => {
  it("does not wait for an unrelated inbound event still being recorded", async () => {
    const sandbox = new SandboxProvider();
    // The sandbox phone, plus a contact whose message arrives right after each send.
    const provider: WhatsAppProvider = {
      name: "sandbox",
      open: (identity, sink) =>
        sandbox.open(identity, {
          emit: (event) => {
            sink.emit(event);
            if (event.kind === "message" && event.message.fromMe) sink.emit(unrelated);
          },
        }),
      forget: (id) => sandbox.forget(id),
    };
    const connections = new ConnectionManager(
      new Map([["sandbox", provider]]),
      {
        findById: () => Promise.resolve(instance),
        updateConnection: () => Promise.resolve(),
      } as unknown as InstanceStore,
      systemClock,
      captureLog("silent").logger,
      {
        acquire: () => Promise.resolve(true),
        release: () => Promise.resolve(),
      } as unknown as LeaseStore,
      "owner-1",
    );
    const slow = gate();
    const log = new Map<string, ExchangeMessage>();
    connections.recordWith(async (_instance, events) => {
      const stored: ExchangeMessage[] = [];
      for (const event of events) {
        if (event.kind !== "message") continue;
        if (event.message.id === unrelated.message.id) {
          slow.entered();
          await slow.opened;
        }
        log.set(event.message.id, event.message);
        stored.push(event.message);
      }
      return stored;
    });
    const messages = {
      find: (_instanceId: string, id: string) => {
        const message = log.get(id);
        return Promise.resolve(
          message === undefined ? undefined : { seq: 1, message, hasMedia: false },
        );
      },
    } as unknown as StoredMessages;
    const service = new MessageService(connections, messages, {
      maxBytes: 1_000_000,
      downloadTimeoutMs: 1_000,
      // These sends carry no media URL: nothing is ever fetched.
      outbound: { fetch: () => Promise.reject(new Error("no fetch expected")) },
    });
    await (await connections.connection(instance)).connect({});
    await connections.settled(instance.id);

    const answer = await service.sendText(instance, { number: GROUP, message: "hello" });
    await slow.reached;
    // Answered with its own recorded event while the inbound one is still held open.
    expect(answer.data).toMatchObject({ direction: "outgoing", content: { text: "hello" } });
    expect(log.has(unrelated.message.id)).toBe(false);

    slow.open();
    await connections.settled(instance.id);
    expect(log.has(unrelated.message.id)).toBe(true);
  });
});
