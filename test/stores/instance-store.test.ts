import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { AccountStore } from "../../src/api/auth/account-store.js";
import { DEFAULT_SETTINGS, EMPTY_PROXY, EMPTY_S3 } from "../../src/api/instances/instance-model.js";
import { InstanceStore } from "../../src/api/instances/instance-store.js";
import { SecretBox } from "../../src/platform/crypto.js";
import { DIALECTS, openTestDatabase, type TestDatabase } from "../support/databases.js";
import { instanceRecord } from "../support/seed.js";

const secrets = SecretBox.fromKey("ab".repeat(32));

describe.each(DIALECTS)("instance store on %s", (dialect) => {
  let database: TestDatabase | undefined;
  let store: InstanceStore;
  let accounts: AccountStore;
  const accountId = randomUUID();

  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    if (database === undefined) return;
    store = new InstanceStore(database.db, secrets);
    accounts = new AccountStore(database.db);
    await accounts.create(
      { id: accountId, name: "A", maxInstances: 2, createdAt: new Date().toISOString() },
      "hash-a",
    );
  });
  afterAll(async () => {
    await database?.dispose();
  });

  const create = (name: string) =>
    store.create(
      {
        record: instanceRecord(secrets, accountId, {
          name,
          tokenSealed: secrets.seal(`token-${name}`),
        }),
        tokenHash: `hash-${name}`,
        settings: DEFAULT_SETTINGS,
        proxy: EMPTY_PROXY,
        s3: EMPTY_S3,
      },
      2,
    );

  it("creates up to the quota and finds instances by name, id and token", async (context) => {
    if (database === undefined) return context.skip();
    expect(await create("one")).toBe("created");
    expect(await create("two")).toBe("created");
    expect(await create("three")).toBe("quota");
    const one = await store.findByName(accountId, "one");
    expect(one?.name).toBe("one");
    expect(await store.findById(one?.id ?? "")).toEqual(one);
    expect(await accounts.findTokenOwner("hash-one")).toMatchObject({
      kind: "instance",
      instanceName: "one",
    });
    expect(await accounts.findTokenOwner("hash-a")).toEqual({ kind: "account", accountId });
    expect(await accounts.findTokenOwner("nope")).toBeUndefined();
    expect((await store.listByAccount(accountId)).map((i) => i.name)).toEqual(["one", "two"]);
    expect((await store.listByAccount(accountId, ["two", "ghost"])).map((i) => i.name)).toEqual([
      "two",
    ]);
  });

  it("keeps connection state, settings and sealed secrets", async (context) => {
    if (database === undefined) return context.skip();
    const one = await store.findByName(accountId, "one");
    const id = one?.id ?? "";
    await store.updateConnection(
      id,
      {
        state: "connected",
        numberJid: "5500@s.whatsapp.net",
        hasSession: true,
        profile: { name: "Me", pictureUrl: "", isBusiness: true, businessName: "Biz" },
      },
      new Date().toISOString(),
    );
    expect(await store.findById(id)).toMatchObject({
      connectionState: "connected",
      numberJid: "5500@s.whatsapp.net",
      hasSession: true,
      profile: { name: "Me", isBusiness: true, businessName: "Biz" },
    });
    expect((await store.listResumable()).map((i) => i.id)).toContain(id);

    await store.putSettings(id, {
      ...DEFAULT_SETTINGS,
      autoReadMessages: true,
      callRejectMessage: "busy",
    });
    expect(await store.getSettings(id)).toMatchObject({
      autoReadMessages: true,
      callRejectMessage: "busy",
    });

    await store.putProxy(id, {
      enabled: true,
      host: "p",
      port: "1080",
      protocol: "socks5",
      username: "u",
      password: "pw-secret",
    });
    expect(await store.getProxy(id)).toMatchObject({ host: "p", password: "pw-secret" });
    const raw = await database.db
      .selectFrom("instance_proxies")
      .selectAll()
      .where("instance_id", "=", id)
      .executeTakeFirstOrThrow();
    expect(raw.password_sealed).not.toContain("pw-secret");

    await store.putS3(id, {
      ...EMPTY_S3,
      enabled: true,
      bucket: "b",
      accessKey: "ak",
      secretKey: "sk-secret",
    });
    expect(await store.getS3(id)).toMatchObject({ bucket: "b", secretKey: "sk-secret" });
  });

  it("deletes an instance with its blocks", async (context) => {
    if (database === undefined) return context.skip();
    const two = await store.findByName(accountId, "two");
    await store.delete(two?.id ?? "");
    expect(await store.findByName(accountId, "two")).toBeUndefined();
    const settings = await database.db
      .selectFrom("instance_settings")
      .selectAll()
      .where("instance_id", "=", two?.id ?? "")
      .execute();
    expect(settings).toEqual([]);
  });
});
