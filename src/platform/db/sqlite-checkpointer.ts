/**
 * WAL checkpoints on a thread of their own. In WAL mode with `synchronous = NORMAL` a
 * commit only appends its pages to the -wal file; the fsyncs come when the WAL is
 * copied back into the database file. SQLite runs that copy inside whichever commit
 * crosses `wal_autocheckpoint` pages, and better-sqlite3 runs commits on the event loop,
 * so every thousandth page or so one commit stalled the process on two fsyncs: in the
 * inbound relay, commits averaged 250 µs with automatic checkpoints and 83 µs with this
 * (bench/README.md).
 *
 * Here a worker thread with a connection of its own runs a passive checkpoint (it never
 * waits for a writer or a reader) every `everyMs`, which copies the frames back and does
 * the fsyncs. A passive checkpoint cannot restart the WAL, though: only a writer does,
 * once every frame is copied, and under a writer that never pauses the worker never
 * catches up. The WAL then grew to 550 MB over a burst of 10,000 messages, and every read
 * slowed with it. So the process's own connection still checkpoints, but only past
 * `BOUND_PAGES` (16 MB): by then the worker has copied nearly all of it, the writer's
 * checkpoint has little left to do, and the WAL starts again from its beginning. A worker
 * that fails to open, or dies, hands the checkpoints back to the connection at SQLite's
 * default.
 */
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

export const CHECKPOINT_EVERY_MS = 200;
/** The connection's own `wal_autocheckpoint` while the worker runs: 16 MB of 4 KB pages. */
export const BOUND_PAGES = 4000;
/** SQLite's default `wal_autocheckpoint`, restored when the worker is gone. */
const AUTOMATIC_PAGES = 1000;

export interface CheckpointedConnection {
  pragma(source: string): unknown;
}

export interface Checkpointer {
  /** Resolves once the worker has opened the database and the connection checkpoints less often. */
  readonly ready: Promise<void>;
  /**
   * Has the worker checkpoint now, besides its ticks: the frames in the WAL and how many
   * of them are in the database file (`-1` for both when another checkpoint was running).
   */
  checkpoint(): Promise<{ frames: number; copied: number }>;
  stop(): Promise<void>;
}

/**
 * The worker's source (CommonJS, evaluated): a file beside this one would need a build
 * step of its own under every loader the project runs in (tsc, tsx, vitest).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file);
db.pragma("busy_timeout = 0");
parentPort.postMessage({ ready: true });
function checkpoint() {
  try {
    const [{ log, checkpointed }] = db.pragma("wal_checkpoint(PASSIVE)");
    return { frames: log, copied: checkpointed };
  } catch (error) {
    // Another connection's checkpoint is running (SQLITE_BUSY): the next tick tries again.
    if (error.code !== "SQLITE_BUSY" && error.code !== "SQLITE_LOCKED") throw error;
    return { frames: -1, copied: -1 };
  }
}
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on("message", (message) => {
  if (message === "checkpoint") return parentPort.postMessage({ wal: checkpoint() });
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

export function startCheckpointer(
  file: string,
  connection: CheckpointedConnection,
  options: { everyMs?: number; onFailure?: (error: unknown) => void } = {},
): Checkpointer {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      file,
      driver: createRequire(import.meta.url).resolve("better-sqlite3"),
      everyMs: options.everyMs ?? CHECKPOINT_EVERY_MS,
    },
  });
  worker.unref();
  const answers: ((wal: { frames: number; copied: number }) => void)[] = [];
  let stopping = false;
  const handBack = (error: unknown) => {
    if (stopping) return;
    stopping = true;
    connection.pragma(`wal_autocheckpoint = ${AUTOMATIC_PAGES}`);
    options.onFailure?.(error);
  };
  const ready = new Promise<void>((resolve) => {
    worker.on("message", (message: { ready?: true; wal?: { frames: number; copied: number } }) => {
      if (message.ready === true) {
        connection.pragma(`wal_autocheckpoint = ${BOUND_PAGES}`);
        resolve();
      }
      if (message.wal !== undefined) answers.shift()?.(message.wal);
    });
    worker.once("error", (error) => {
      handBack(error);
      resolve();
    });
    worker.once("exit", (code) => {
      for (const answer of answers.splice(0)) answer({ frames: -1, copied: -1 });
      handBack(new Error(`the checkpoint worker exited (${code})`));
      resolve();
    });
  });
  return {
    ready,
    checkpoint() {
      return new Promise((resolve) => {
        answers.push(resolve);
        worker.postMessage("checkpoint");
      });
    },
    async stop() {
      if (stopping) return;
      stopping = true;
      const exited = new Promise((resolve) => worker.once("exit", resolve));
      // Unreferenced, the worker would not keep the process alive while it closes.
      worker.ref();
      worker.postMessage("stop");
      await exited;
    },
  };
}
