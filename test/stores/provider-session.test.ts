import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../../src/platform/clock.js";
import { SecretBox } from "../../src/platform/crypto.js";
import { loadAuthState } from "../../src/providers/baileys/auth-state.js";
import { SessionStore } from "../../src/providers/session-store.js";
import { DIALECTS, openTestDatabase, type TestDatabase } from "../support/databases.js";
import { instanceRecord, seedAccount, seedInstance } from "../support/seed.js";

const secrets = SecretBox.fromKey("cd".repeat(32));

describe.each(DIALECTS)("provider sessions on %s", (dialect) => {
  let database: TestDatabase | undefined;
  let instanceId: string;

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    if (database === undefined) return;
    const accountId = await seedAccount(database.db);
    const record = instanceRecord(secrets, accountId, { provider: "baileys" });
    instanceId = record.id;
    await seedInstance(database.db, secrets, record);
  });
  afterAll(async () => {
    await database?.dispose();
  });

  it("round-trips Baileys credentials and keys through a restart, identical", async (context) => {
    if (database === undefined) return context.skip();
    const first = await loadAuthState(
      new SessionStore(database.db, secrets, systemClock),
      instanceId,
    );
    expect(first.restored).toBe(false);
    first.state.creds.registered = true;
    await first.saveCreds();
    const preKey = { public: Buffer.from([1, 2, 3]), private: Buffer.from([4, 5, 6]) };
    await first.state.keys.set({
      "pre-key": { "1": preKey, "2": preKey },
      session: { "123.0": Buffer.from("session-bytes") },
      "app-state-sync-key": { AAAA: { keyData: Buffer.from([9, 9]), timestamp: 42 } },
    });
    await first.state.keys.set({ "pre-key": { "2": null } });

    // A new store and state object: what a restarted process sees.
    const second = await loadAuthState(
      new SessionStore(database.db, secrets, systemClock),
      instanceId,
    );
    expect(second.restored).toBe(true);
    expect(second.state.creds.registered).toBe(true);
    expect(Buffer.from(second.state.creds.noiseKey.private)).toEqual(
      Buffer.from(first.state.creds.noiseKey.private),
    );
    expect(second.state.creds.advSecretKey).toBe(first.state.creds.advSecretKey);
    const keys = await second.state.keys.get("pre-key", ["1", "2"]);
    expect(Object.keys(keys)).toEqual(["1"]);
    expect(Buffer.from(keys["1"]!.private)).toEqual(preKey.private);
    const sessions = await second.state.keys.get("session", ["123.0"]);
    expect(Buffer.from(sessions["123.0"]!).toString()).toBe("session-bytes");
    const sync = await second.state.keys.get("app-state-sync-key", ["AAAA"]);
    expect(Buffer.from(sync.AAAA!.keyData!)).toEqual(Buffer.from([9, 9]));

    const raw = await database.db.selectFrom("provider_session_items").selectAll().execute();
    expect(raw.length).toBe(4);
    // Sealed: ciphertext in the row, the JSON back only through the key.
    for (const row of raw) {
      expect(row.value_sealed).toMatch(/^v1:/);
      expect(() => JSON.parse(row.value_sealed) as unknown).toThrow();
      expect(() => JSON.parse(secrets.open(row.value_sealed)) as unknown).not.toThrow();
    }
  });

  it("clears the whole session", async (context) => {
    if (database === undefined) return context.skip();
    const store = new SessionStore(database.db, secrets, systemClock);
    await store.clear(instanceId);
    expect((await loadAuthState(store, instanceId)).restored).toBe(false);
  });
});
