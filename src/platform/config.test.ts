import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

describe("loadConfig", () => {
  it("has working defaults for the embedded role", () => {
    const config = loadConfig("serve", {});
    expect(config.port).toBe(8080);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.rateLimit).toMatchObject({ global: 100, instanceCreate: 20, windowMs: 60_000 });
    expect(config.baseUrl).toBe("http://127.0.0.1:8080");
    expect(config.bridge.enabled).toBe(true);
    expect(config.bridge.timeouts).toEqual({ activateMs: 60_000, getMs: 10_000, deleteMs: 30_000 });
  });

  it("reads values and strips trailing slashes", () => {
    const config = loadConfig("api", {
      PORT: "9000",
      BASE_URL: "https://api.example.com/",
      DATABASE_URL: "postgres://u@h/db",
      RATE_LIMIT_GLOBAL: "5",
      BRIDGE_URL: "http://bridge:9/",
      BRIDGE_TOKEN: "t",
    });
    expect(config.port).toBe(9000);
    expect(config.baseUrl).toBe("https://api.example.com");
    expect(config.databaseUrl).toBe("postgres://u@h/db");
    expect(config.rateLimit.global).toBe(5);
    expect(config.bridge.url).toBe("http://bridge:9");
    expect(config.bridge.enabled).toBe(false);
  });

  it("names every bad key at once", () => {
    let caught: unknown;
    try {
      loadConfig("api", {
        PORT: "eighty",
        DATABASE_URL: "mysql://x",
        ENCRYPTION_KEY: "short",
        LOG_LEVEL: "loud",
        OUTBOUND_ALLOW: "10.0.0.0/8,http://bad",
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.join("\n");
    for (const key of ["PORT", "DATABASE_URL", "ENCRYPTION_KEY", "LOG_LEVEL", "OUTBOUND_ALLOW"]) {
      expect(problems).toContain(key);
    }
  });

  it("reads the outbound allowlist", () => {
    expect(loadConfig("api", {}).outbound.allow).toEqual([]);
    const config = loadConfig("api", { OUTBOUND_ALLOW: "chatwoot.internal, 10.0.0.0/8" });
    expect(config.outbound.allow).toHaveLength(2);
  });

  it("treats empty strings as unset", () => {
    const config = loadConfig("api", { DATABASE_URL: "", REDIS_URL: " ", ENCRYPTION_KEY: "" });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.encryptionKey).toBeUndefined();
  });
});
