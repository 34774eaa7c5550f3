/** The worker side of store-worker.ts: one database handle, creations on request. */
import { parentPort, workerData } from "node:worker_threads";
import { DEFAULT_SETTINGS, EMPTY_PROXY, EMPTY_S3 } from "../../src/api/instances/instance-model.js";
import { InstanceStore } from "../../src/api/instances/instance-store.js";
import { SecretBox } from "../../src/platform/crypto.js";
import { openDatabase, type DatabaseOptions } from "../../src/platform/db/database.js";
import { instanceRecord } from "./seed.js";
import type { CreationOrder, CreationResult } from "./store-worker.js";

const port = parentPort;
if (port === null) throw new Error("store-worker-entry runs only in a worker thread");
const secrets = SecretBox.fromKey("cd".repeat(32));
const database = await openDatabase(workerData as DatabaseOptions);
const store = new InstanceStore(database.db, secrets);

port.on("message", (order: CreationOrder) => {
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
