/** The worker side of store-worker.ts: one database handle, creations and appends on request. */
import { parentPort, workerData } from "node:worker_threads";
import { DEFAULT_SETTINGS, EMPTY_PROXY, EMPTY_S3 } from "../../src/api/instances/instance-model.js";
import { EventLogStore, type LogEntry } from "../../src/api/events/log/log-store.js";
import { InstanceStore } from "../../src/api/instances/instance-store.js";
import { SecretBox } from "../../src/platform/crypto.js";
import { openDatabase, type DatabaseOptions } from "../../src/platform/db/database.js";
import { instanceRecord } from "./seed.js";
import type { AppendOrder, CreationOrder, CreationResult } from "./store-worker.js";

const port = parentPort;
if (port === null) throw new Error("store-worker-entry runs only in a worker thread");
const secrets = SecretBox.fromKey("cd".repeat(32));
const database = await openDatabase(workerData as DatabaseOptions);
const store = new InstanceStore(database.db, secrets);

const log = new EventLogStore(database.db);

type Order = { kind: "create"; order: CreationOrder } | { kind: "append"; order: AppendOrder };

port.on("message", (received: Order) => {
  if (received.kind === "append") {
    append(received.order);
    return;
  }
  const order = received.order;
  const creations = order.names.map((name) =>
    store
      .create(
        {
          record: instanceRecord(secrets, order.accountId, { name }),
          tokenHash: `hash-${name}`,
          settings: DEFAULT_SETTINGS,
          proxy: EMPTY_PROXY,
          s3: EMPTY_S3,
        },
        order.maxInstances,
      )
      .catch((error: unknown): CreationResult => `error: ${String(error)}`),
  );
  void Promise.all(creations).then((results) => port.postMessage(results));
});
port.postMessage("ready");

function append({ instanceId, webhookId, batches }: AppendOrder): void {
  const at = new Date().toISOString();
  const appends = batches.map((texts) =>
    log.appendAll(
      instanceId,
      texts.map((text) => ({ entry: textEntry(text), webhookIds: [webhookId], at })),
    ),
  );
  Promise.all(appends).then(
    (seqs) => port?.postMessage(seqs),
    (error: unknown) => port?.postMessage({ error: String(error) }),
  );
}

/** A contact's text as the log stores it; its text is what the test reads back. */
function textEntry(text: string): LogEntry {
  const jid = "5511900000001@s.whatsapp.net";
  return {
    event: "message.exchange",
    data: {
      id: text,
      type: "text",
      message: { id: text, chat: { jid }, content: { text } },
    } as never,
    messageId: text,
    targetId: null,
    chatJid: jid,
    fromMe: false,
    mediaBase64: null,
  };
}
