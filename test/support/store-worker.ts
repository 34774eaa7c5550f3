/**
 * Another process's database connection, in a worker thread: it opens its own handle on
 * the test database and runs instance creations or event appends there when told, so that store tests can
 * race two real connections (SQLite's driver is synchronous: two handles in one thread
 * would wait on each other's locks with the thread blocked, a deadlock no process sees).
 */
import { Worker } from "node:worker_threads";
import type { DatabaseOptions } from "../../src/platform/db/database.js";

export type CreationResult = "created" | "quota" | `error: ${string}`;

export interface CreationOrder {
  accountId: string;
  names: string[];
  maxInstances: number;
}

/** Batches of event texts to append to one instance's log, all at once. */
export interface AppendOrder {
  instanceId: string;
  webhookId: string;
  batches: string[][];
}

export interface StoreWorker {
  /** Runs the creations at once on the worker's handle; one result per name, in order. */
  create(order: CreationOrder): Promise<CreationResult[]>;
  /** Appends the batches at once (EventLogStore.appendAll); their sequence numbers, in order. */
  append(order: AppendOrder): Promise<number[][]>;
  close(): Promise<void>;
}

const ENTRY = new URL("./store-worker-entry.ts", import.meta.url).href;

export async function startStoreWorker(options: DatabaseOptions): Promise<StoreWorker> {
  // The worker is plain Node: it loads the TypeScript entry through tsx.
  const loader = `import("tsx/esm/api").then(({ tsImport }) => tsImport(${JSON.stringify(ENTRY)}, ${JSON.stringify(import.meta.url)}))`;
  const worker = new Worker(loader, { eval: true, workerData: options });
  const failed = new Promise<never>((_resolve, reject) => {
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`store worker exited (${code})`)));
  });
  failed.catch(() => undefined);
  const next = () =>
    Promise.race([new Promise<unknown>((resolve) => worker.once("message", resolve)), failed]);
  const ready = await next();
  if (ready !== "ready") throw new Error(`store worker did not start: ${String(ready)}`);
  return {
    create: async (order) => {
      const answer = next();
      worker.postMessage({ kind: "create", order });
      return (await answer) as CreationResult[];
    },
    append: async (order) => {
      const answer = next();
      worker.postMessage({ kind: "append", order });
      const result = (await answer) as number[][] | { error: string };
      if (!Array.isArray(result)) throw new Error(result.error);
      return result;
    },
    close: async () => {
      worker.removeAllListeners("exit");
      await worker.terminate();
    },
  };
}
