/**
 * What the demo prints: each step as it finishes (what it did, the ids, how long it
 * took), then where everything is and the commands to go on by hand.
 */
import { CUSTOMER } from "./demo-steps.js";
import type { DemoChatwootAccount } from "./emulator-loader.js";

export type Write = (text: string) => void;

export class DemoReport {
  private count = 0;
  private muted = false;

  constructor(private readonly write: Write) {}

  line(text = ""): void {
    if (!this.muted) this.write(`${text}\n`);
  }

  /** After an interruption: steps still winding down print nothing more. */
  mute(): void {
    this.muted = true;
  }

  /** Runs one step and prints its outcome with its duration; a failure is printed and rethrown. */
  async step<T>(
    title: string,
    run: () => Promise<T>,
    describe: (value: T) => string[],
  ): Promise<T> {
    this.count += 1;
    const number = `${this.count}.`.padEnd(3);
    const started = performance.now();
    try {
      const value = await run();
      const [head = title, ...details] = describe(value);
      this.line(`  ${number} ${head}  (${elapsed(started)})`);
      for (const detail of details) this.line(`      ${detail}`);
      return value;
    } catch (error) {
      this.line(`  ${number} ${title}: FAILED after ${elapsed(started)}`);
      this.line(`      ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  }
}

function elapsed(since: number): string {
  const ms = performance.now() - since;
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export interface Playground {
  ponte: string;
  chatwoot: string;
  chatwootAccount: DemoChatwootAccount;
  accountToken: string;
  instance: { name: string; token: string; number: string };
  conversationId: number;
  dataDir: string;
  temporary: boolean;
  once: boolean;
}

/** The URLs, tokens and curl commands to keep playing with what the demo built. */
export function playgroundLines(p: Playground): string[] {
  const json = "-H 'Content-Type: application/json'";
  const inst = p.instance.name;
  const conv = `$CHATWOOT/_emulator/conversations/${p.conversationId}`;
  return [
    "Keep playing (everything listens on loopback only):",
    `  ponte API         ${p.ponte}   (OpenAPI: ${p.ponte}/docs)`,
    `  manager page      ${p.ponte}/manager   (sign in with either token below)`,
    `  TokenAccount      ${p.accountToken}`,
    `  TokenInstance     ${p.instance.token}   (instance "${inst}", number +${p.instance.number})`,
    `  Chatwoot          ${p.chatwoot}   account ${p.chatwootAccount.id}, api_access_token ${p.chatwootAccount.admin.token} (administrator ${p.chatwootAccount.admin.name})`,
    `  emulator control  ${p.chatwoot}/_emulator   (tools/chatwoot-emulator/README.md)`,
    "",
    `  export PONTE=${p.ponte} CHATWOOT=${p.chatwoot} INSTANCE_TOKEN=${p.instance.token}`,
    "",
    "  # the customer writes again (WhatsApp → Chatwoot)",
    `  curl -s -X POST $PONTE/api/sandbox/inbound/${inst} -H "token: $INSTANCE_TOKEN" ${json} \\`,
    `    -d '{"from":"${CUSTOMER.number}","pushName":"${CUSTOMER.name}","text":"Thank you!"}'`,
    "  # the conversation as Chatwoot has it",
    `  curl -s ${conv}/messages`,
    "  # an agent replies (Chatwoot → WhatsApp)",
    `  curl -s -X POST ${conv}/reply ${json} -d '{"content":"You are welcome!"}'`,
    "  # what the instance sent to WhatsApp",
    `  curl -s $PONTE/api/sandbox/outbox/${inst} -H "token: $INSTANCE_TOKEN"`,
    "  # the integration, live",
    `  curl -s $PONTE/api/chatwoot/list/${inst} -H "token: $INSTANCE_TOKEN"`,
    "",
    p.temporary
      ? `Data: ${p.dataDir} (temporary, removed when the demo stops; --data-dir DIR keeps it)`
      : `Data: ${p.dataDir} (kept). The emulator's Chatwoot lives in memory and ends with the demo.`,
    p.once ? "--once: stopping now." : "Press Ctrl-C to stop.",
  ];
}
