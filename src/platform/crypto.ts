/**
 * Secrets at rest. Instance tokens, webhook authorizations, proxy passwords, S3 keys and
 * Chatwoot tokens are sealed with AES-256-GCM (a random 96-bit nonce per write); account
 * tokens are kept only as SHA-256 hashes, which is enough for high-entropy random tokens.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { ensurePrivateDir, tighten } from "./private-files.js";

const VERSION = "v1";

/**
 * Opened secrets kept, by their sealed text. A sealed text names its plaintext for good
 * (the nonce and the tag are part of it), so an entry never goes stale: a rotation or an
 * update writes a new sealed text, which is opened afresh. It spares the instance list,
 * the Chatwoot status and the gateway an AES-GCM decryption per secret per request
 * (issue 11: 14 % of the list's time for 100 tokens). The bound keeps the plaintexts in
 * memory to about what one process serves; they are in memory while it serves them
 * anyway.
 */
export const OPENED_CAPACITY = 10_000;

export class SecretBox {
  private readonly opened = new Map<string, string>();

  private constructor(
    private readonly key: Buffer,
    private readonly capacity: number,
  ) {}

  static fromKey(encoded: string, capacity = OPENED_CAPACITY): SecretBox {
    const key = /^[0-9a-fA-F]{64}$/.test(encoded)
      ? Buffer.from(encoded, "hex")
      : Buffer.from(encoded, "base64");
    if (key.length !== 32) throw new Error("encryption key must be 32 bytes");
    return new SecretBox(key, capacity);
  }

  /** `v1:<nonce>:<ciphertext>:<tag>`, each part base64url. */
  seal(plaintext: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", this.key, nonce);
    const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, nonce, body, tag]
      .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
      .join(":");
  }

  open(sealed: string): string {
    const known = this.opened.get(sealed);
    if (known !== undefined) return known;
    const plaintext = this.decrypt(sealed);
    if (this.opened.size >= this.capacity) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = this.opened.keys().next();
      if (oldest.done !== true) this.opened.delete(oldest.value);
    }
    this.opened.set(sealed, plaintext);
    return plaintext;
  }

  /** How many opened secrets are kept (for tests). */
  get openedCount(): number {
    return this.opened.size;
  }

  private decrypt(sealed: string): string {
    const [version, nonce, body, tag] = sealed.split(":");
    if (version !== VERSION || nonce === undefined || body === undefined || tag === undefined) {
      throw new Error("not a sealed secret");
    }
    const decipher = createDecipheriv("aes-256-gcm", this.key, Buffer.from(nonce, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([
      decipher.update(Buffer.from(body, "base64url")),
      decipher.final(),
    ]).toString("utf8");
  }

  /**
   * An HMAC-SHA256 of `text` under a key derived from this one for `purpose`, so that
   * processes sharing the key can vouch for each other's messages.
   */
  mac(purpose: string, text: string): string {
    const key = createHmac("sha256", this.key).update(`ponte:${purpose}`).digest();
    return createHmac("sha256", key).update(text).digest("base64url");
  }

  sealOptional(plaintext: string | null | undefined): string | null {
    return plaintext === null || plaintext === undefined || plaintext === ""
      ? null
      : this.seal(plaintext);
  }

  openOptional(sealed: string | null | undefined): string | null {
    return sealed === null || sealed === undefined ? null : this.open(sealed);
  }
}

/**
 * The key from ENCRYPTION_KEY, or the one kept in the data folder, created (mode 0600)
 * on first start.
 */
export function loadOrCreateKey(configured: string | undefined, dataDir: string): string {
  return loadOrCreateSecret(configured, dataDir, "encryption.key", () =>
    randomBytes(32).toString("hex"),
  );
}

/**
 * A secret kept in the data folder (mode 0600), made on first start: the configured
 * value when there is one, else the file's, else a new one written there.
 */
export function loadOrCreateSecret(
  configured: string | undefined,
  dataDir: string,
  fileName: string,
  make: () => string,
): string {
  if (configured !== undefined) return configured;
  const file = path.join(dataDir, fileName);
  if (fs.existsSync(file)) {
    tighten(file);
    return fs.readFileSync(file, "utf8").trim();
  }
  ensurePrivateDir(dataDir);
  const secret = make();
  fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  return secret;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A random token: 32 bytes of entropy, URL safe. */
export function newToken(prefix = ""): string {
  return `${prefix}${randomBytes(32).toString("base64url")}`;
}

/**
 * Whether two strings are equal, in a time that reveals neither their content nor their
 * lengths: both are hashed first. For values of a public, fixed length,
 * {@link fixedLengthEqual} does the same for a sixth of the cost.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const left = createHash("sha256").update(a).digest();
  const right = createHash("sha256").update(b).digest();
  return timingSafeEqual(left, right) && a.length === b.length;
}

/**
 * Whether a presented value equals the expected one, in a time that does not depend on
 * their content. A length that differs answers at once, so use it only where the
 * expected value's length is public: made to a fixed format (the secrets ponte
 * generates, a signature's `sha256=` and 64 hex digits, a hash).
 */
export function fixedLengthEqual(presented: string, expected: string): boolean {
  const left = Buffer.from(presented, "utf8");
  const right = Buffer.from(expected, "utf8");
  return left.length === right.length && timingSafeEqual(left, right);
}
