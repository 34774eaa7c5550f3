/**
 * Standalone Chatwoot emulator:
 *   npm run chatwoot-emulator -- --port 3010 [--host 127.0.0.1] [--no-signing]
 *                                 [--no-rate-limit] [--account "Acme"]…
 *                                 [--messages-per-minute N] [--webhook-concurrency N]
 *                                 [--max-records N] [--precise-clock]
 * Prints one JSON line with the URL, the account ids and every api_access_token,
 * then serves until SIGINT/SIGTERM.
 */
import { parseArgs } from "node:util";
import { startChatwootEmulator } from "./emulator.js";

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "0" },
    host: { type: "string", default: "127.0.0.1" },
    "public-url": { type: "string" },
    "no-signing": { type: "boolean", default: false },
    "no-rate-limit": { type: "boolean", default: false },
    account: { type: "string", multiple: true },
    /** Chatwoot's per-conversation message limit (a benchmark raises it). */
    "messages-per-minute": { type: "string" },
    /** How many webhook deliveries are out at once (Sidekiq workers). */
    "webhook-concurrency": { type: "string" },
    /** How many deliveries and calls the control API keeps. */
    "max-records": { type: "string" },
    /** Timestamps in fractional epoch milliseconds, so latencies below 1 ms show. */
    "precise-clock": { type: "boolean", default: false },
  },
});

/** A whole-number option, or undefined when absent; a bad value ends the process. */
function count(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (Number.isInteger(n) && n > 0) return n;
  process.stderr.write(`invalid --${name}: ${value}\n`);
  process.exit(2);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`invalid --port: ${values.port}\n`);
  process.exit(2);
}

const perMinute = count("messages-per-minute", values["messages-per-minute"]);
const emulator = await startChatwootEmulator({
  port,
  host: values.host,
  publicUrl: values["public-url"],
  signWebhooks: !values["no-signing"],
  rateLimit: values["no-rate-limit"] ? false : undefined,
  accounts: values.account,
  logger: false,
  limits: perMinute === undefined ? undefined : { conversationMessagesPerMinute: perMinute },
  webhookConcurrency: count("webhook-concurrency", values["webhook-concurrency"]),
  maxRecords: count("max-records", values["max-records"]),
  now: values["precise-clock"] ? () => performance.timeOrigin + performance.now() : undefined,
});

process.stdout.write(
  `${JSON.stringify({
    url: emulator.url,
    control: `${emulator.url}/_emulator`,
    accounts: emulator.accounts.map((a) => ({
      id: a.id,
      name: a.name,
      admin: { id: a.admin.id, name: a.admin.name, token: a.admin.token },
      agent: { id: a.agent.id, name: a.agent.name, token: a.agent.token },
      bot: { id: a.bot.id, name: a.bot.name, token: a.bot.token },
    })),
  })}\n`,
);

const stop = (): void => {
  void emulator.close().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
