/**
 * The manager page in a real browser against a real ponte server (sandbox provider, the
 * fake integration gateway): sign-in, instances, connection, webhooks, the live tail,
 * the sandbox phone, Chatwoot, languages, a phone-sized screen. Then against `ponte
 * serve` with its real gateway and the Chatwoot emulator: a customer's message that
 * Chatwoot refused is a failed job on the Chatwoot tab, and Retry delivers it. Every
 * step waits for what it expects on the page (Playwright's auto-waiting locators),
 * never for time.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTIVATE, startFakeBridge, type FakeBridge } from "../support/fake-bridge.js";
import { chromiumAvailable, launchChromium, screenshot } from "../support/browser.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { FakeWhatsApp } from "../support/fake-baileys.js";
import {
  PNG_1PX,
  startWebhookTarget,
  waitFor,
  type Body,
  type WebhookTarget,
} from "../events/support/helpers.js";
import {
  customerSays,
  liveInstance,
  startGateway,
  waitForMessages,
  type ActiveInstance,
  type Gateway,
} from "../bridge/support/gateway-harness.js";

const CUSTOMER = "5511999990000";
const hasBrowser = chromiumAvailable();

describe.skipIf(!hasBrowser)("the manager page in Chromium", () => {
  let server: TestServer;
  let bridge: FakeBridge;
  let target: WebhookTarget;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let accountToken: string;
  const whatsapp = new FakeWhatsApp();

  beforeAll(async () => {
    bridge = await startFakeBridge();
    target = await startWebhookTarget();
    server = await startTestServer({
      env: {
        BRIDGE_URL: bridge.url,
        BRIDGE_TOKEN: bridge.token,
        RATE_LIMIT_GLOBAL: "100000",
        LOG_LEVEL: "warn",
      },
      makeSocket: whatsapp.factory,
    });
    accountToken = (await server.createAccount("Acme")).token;
    browser = await launchChromium();
    context = await browser.newContext({ locale: "en-US", viewport: { width: 1100, height: 800 } });
    page = await context.newPage();
  }, 60_000);

  afterAll(async () => {
    // Each closes even when an earlier one failed or beforeAll stopped half-way.
    const closers = [
      async () => context.close(),
      async () => browser.close(),
      async () => server.close(),
      async () => bridge.close(),
      async () => target.close(),
    ];
    for (const close of closers) await close().catch(() => undefined);
  });

  const tab = (name: string) => page.getByRole("navigation").getByRole("link", { name });

  it("is served at /manager with a strict CSP", async () => {
    const reply = await fetch(`${server.url}/manager/`);
    expect(reply.status, await reply.clone().text()).toBe(200);
    expect(reply.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("says in words that a wrong token was not accepted", async () => {
    await page.goto(`${server.url}/manager/`);
    await screenshot(page, "01-sign-in");
    await page.getByLabel("Token").fill("acc_this-is-not-a-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toContain("This token was not accepted");
    await screenshot(page, "02-wrong-token");
  });

  it("signs in with a TokenAccount kept in sessionStorage only", async () => {
    await page.getByLabel("Token").fill(accountToken);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Instances" }).waitFor();
    expect(page.url()).not.toContain(accountToken);
    // The page's globals, typed loosely: this project compiles its tests without the DOM.
    const stored = await page.evaluate(() => {
      const w = globalThis as any;
      return {
        session: Object.values<string>(w.sessionStorage),
        local: Object.values<string>(w.localStorage),
        cookie: w.document.cookie as string,
      };
    });
    expect(stored.session).toContain(accountToken);
    expect(stored.local.join()).not.toContain(accountToken);
    expect(stored.cookie).toBe("");
  });

  it("creates a sandbox instance and connects it, the state arriving live", async () => {
    await page.getByLabel("Name").fill("support");
    await page.getByText("Sandbox (a simulated phone").check();
    await screenshot(page, "03-instances");
    await page.getByRole("button", { name: "Create instance" }).click();
    await page.getByRole("heading", { name: "support" }).waitFor();
    await page.getByText("Live updates: on").waitFor();
    await page.getByRole("button", { name: "Connect", exact: true }).click();
    await page.getByText(/Connected as \+\d+/).waitFor();
    await page.getByRole("button", { name: "Show the instance token" }).click();
    await page.getByRole("button", { name: "Copy" }).waitFor();
    await screenshot(page, "04-connected");
  });

  it("configures a webhook and sends a test delivery", async () => {
    await tab("Webhooks").click();
    await page.getByRole("button", { name: "Add a webhook" }).click();
    await page.getByLabel("URL", { exact: true }).fill(target.url);
    await page.getByLabel("message.exchange").check();
    await page.getByRole("button", { name: "Save" }).click();
    await page.getByText("Webhook saved.").waitFor();
    await page.getByRole("button", { name: "Send a test" }).click();
    await page.getByText(/the target answered HTTP 200/).waitFor();
    expect(target.received.some((r) => r.headers["x-ponte-test"] === "1")).toBe(true);
    await screenshot(page, "05-webhooks");
  });

  it("plays the customer on the sandbox phone and sees the agent's reply arrive", async () => {
    await tab("Sandbox phone").click();
    await page.getByLabel("Customer's number").fill(CUSTOMER);
    await page.getByPlaceholder("Type a message").fill("Hello, I need help with my order");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    const chat = page.getByRole("list", { name: "Conversation" });
    await chat.getByText("Hello, I need help with my order").waitFor();

    // The agent answers through the API, as Chatwoot's gateway would.
    const reply = await server.request("POST", "/api/message/text/support", {
      token: accountToken,
      body: { number: CUSTOMER, message: "Hi! Let me look at it." },
    });
    expect(reply.status).toBe(200);
    const agent = chat.locator(".bubble-agent", { hasText: "Hi! Let me look at it." });
    // The customer's phone reads it, and the receipt comes back through the stream.
    await agent.getByText("read").waitFor();

    await page.getByLabel("Send an image").setInputFiles({
      name: "photo.png",
      mimeType: "image/png",
      buffer: Buffer.from(PNG_1PX, "base64"),
    });
    await chat.getByText("[image]").waitFor();
    await screenshot(page, "06-sandbox-phone");
    // The webhook configured above received the customer's message.
    await expect
      .poll(() => target.received.filter((r) => r.body.event === "message.exchange").length)
      .toBeGreaterThanOrEqual(2);
  });

  it("tails the events live, filtered and pausable", async () => {
    await tab("Events").click();
    const tail = page.getByRole("list", { name: "Events" });
    const line = (text: string) => tail.locator("summary", { hasText: text });
    await line("Hello, I need help").waitFor();
    await page.getByLabel("message.status").uncheck();
    await expect.poll(() => line("message.status").count()).toBe(0);
    await page.getByRole("button", { name: "Pause" }).click();
    await server.request("POST", "/api/sandbox/inbound/support", {
      token: accountToken,
      body: { from: CUSTOMER, text: "Are you there?" },
    });
    await page.getByRole("button", { name: "Resume (1 new)" }).waitFor();
    expect(await line("Are you there?").count()).toBe(0);
    await screenshot(page, "07-events-paused");
    await page.getByRole("button", { name: "Resume (1 new)" }).click();
    await line("Are you there?").waitFor();
    await screenshot(page, "08-events");
  });

  it("shows a Chatwoot error in words next to the field, then activates and deactivates", async () => {
    await tab("Chatwoot").click();
    await page.getByLabel("Chatwoot URL").fill("https://chatwoot.example.com");
    await page.getByLabel("Chatwoot account id").fill("5");
    await page.getByLabel("Chatwoot API token").fill("wrong-token");
    await page.getByLabel("Inbox name").fill("WhatsApp support");
    bridge.answer("POST", ACTIVATE, {
      status: 422,
      json: { kind: "unauthorized", detail: "Invalid Access Token", chatwoot_status: 401 },
    });
    await page.getByRole("button", { name: "Activate Chatwoot" }).click();
    const tokenField = page.getByLabel("Chatwoot API token");
    await expect.poll(() => tokenField.getAttribute("aria-invalid")).toBe("true");
    const described = await tokenField.getAttribute("aria-describedby");
    const explanation = page.locator(`[id="${String(described)}"]`);
    expect(await explanation.textContent()).toContain("Chatwoot did not accept this API token");
    await page.getByText("Chatwoot rejected the API token — verify chatwootApiToken").waitFor();
    await screenshot(page, "09-chatwoot-error");

    await tokenField.fill("good-token");
    await page.getByRole("button", { name: "Activate Chatwoot" }).click();
    await page.getByText("Chatwoot is linked.").waitFor();
    await page.locator(".status-panel").getByText("Active").waitFor();
    await screenshot(page, "10-chatwoot-active");

    await page.getByRole("button", { name: "Deactivate Chatwoot" }).click();
    const dialog = page.getByRole("dialog", { name: "Deactivate the Chatwoot integration?" });
    await dialog.getByText("The Chatwoot inbox is kept").waitFor();
    await screenshot(page, "11-chatwoot-deactivate");
    await dialog.getByRole("button", { name: "Deactivate Chatwoot" }).click();
    await page.getByText("Chatwoot is deactivated; the inbox is kept in Chatwoot.").waitFor();
    await page.getByRole("button", { name: "Activate Chatwoot" }).waitFor();
  });

  it("speaks Brazilian Portuguese when asked, and fits a phone-sized screen", async () => {
    await page.getByLabel("Language").selectOption("pt-BR");
    await page.getByRole("link", { name: "Conexão" }).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("link", { name: "Celular sandbox" }).click();
    await page.getByText("Você é o cliente").waitFor();
    const overflow = await page.evaluate(() => {
      const root = (globalThis as any).document.documentElement;
      return (root.scrollWidth as number) - (root.clientWidth as number);
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "12-phone-size-pt-br");
    await page.getByRole("link", { name: "← Todas as instâncias" }).click();
    await page.getByRole("heading", { name: "Instâncias" }).waitFor();
    await page.getByLabel("Idioma").selectOption("en");
    await page.setViewportSize({ width: 1100, height: 800 });
    await page.getByText("Connected", { exact: true }).waitFor();
    await screenshot(page, "13-instances-live");
  });

  it("draws a WhatsApp QR code on the page and redraws it when it rotates", async () => {
    await server.createInstance(accountToken, { name: "phone", provider: "baileys" });
    await page.goto(`${server.url}/manager/#/instances/phone/connection`);
    await page.getByRole("heading", { name: "phone" }).waitFor();
    await page.getByText("Live updates: on").waitFor();
    const made = whatsapp.sockets.length;
    await page.getByRole("button", { name: "Connect with a QR code" }).click();
    await expect.poll(() => whatsapp.sockets.length).toBeGreaterThan(made);
    const socket = whatsapp.last();
    await socket.emitEvent("connection.update", { qr: "2@first-code,key,secret" });
    const qr = page.getByRole("img", { name: "QR code to scan with WhatsApp" });
    const drawn = () => qr.evaluate((canvas) => (canvas as any).toDataURL() as string);
    const first = await drawn();
    await screenshot(page, "14-qr-code");
    await socket.emitEvent("connection.update", { qr: "2@second-code,key,secret" });
    await expect.poll(drawn).not.toBe(first);
    await socket.pair();
    await page.getByText(/Connected as \+\d+/).waitFor();
    expect(await qr.count()).toBe(0);
  });

  it("shows an instance token only its own instance", async () => {
    const instance = await server.createInstance(accountToken, { name: "sales" });
    const own = await browser.newContext({ locale: "en-US" });
    const tokenPage = await own.newPage();
    await tokenPage.goto(`${server.url}/manager/`);
    await tokenPage.getByLabel("Token").fill(instance.token);
    await tokenPage.getByRole("button", { name: "Sign in" }).click();
    await tokenPage.getByRole("link", { name: "sales" }).waitFor();
    expect(await tokenPage.getByRole("link", { name: "support" }).count()).toBe(0);
    expect(await tokenPage.getByRole("heading", { name: "New instance" }).count()).toBe(0);
    await own.close();
  });
});

describe.skipIf(!hasBrowser)("the manager's failed gateway jobs, on serve with Chatwoot", () => {
  let gateway: Gateway;
  let instance: ActiveInstance;
  let browser: Browser;
  let page: Page;
  let customers = 0;

  beforeAll(async () => {
    gateway = await startGateway({ server: { env: { LOG_LEVEL: "warn" } } });
    instance = await liveInstance(gateway);
    browser = await launchChromium();
    const context = await browser.newContext({
      locale: "en-US",
      viewport: { width: 1100, height: 800 },
    });
    page = await context.newPage();
  }, 90_000);
  afterAll(async () => {
    for (const close of [async () => browser.close(), async () => gateway.close()]) {
      await close().catch(() => undefined);
    }
  });

  /** A customer's message meets one 422 from Chatwoot, which makes its job dead at once. */
  const deadJob = async (text: string): Promise<number> => {
    gateway.chatwoot.control.addFault({
      kind: "error",
      status: 422,
      route: "messages.create",
      times: 1,
      body: { message: "Content is invalid" },
    });
    customers += 1;
    await customerSays(gateway, instance, `55119555500${String(customers).padStart(2, "0")}`, text);
    const jobs = await waitFor(
      async () => {
        const reply = await gateway.server.request<Body>(
          "GET",
          `/api/chatwoot/jobs/${instance.name}`,
          { token: instance.token },
        );
        const listed = reply.body.jobs as Body[] | undefined;
        return listed !== undefined && listed.length > 0 ? listed : undefined;
      },
      "the dead job",
      30_000,
    );
    return Number(jobs[0]?.id);
  };
  const jobs = () => page.getByRole("list", { name: "Failed gateway jobs" });

  it("shows a dead job with its kind, attempts and last error, and explains a stale retry", async () => {
    const stale = await deadJob("Pedido 41: ainda não chegou");
    await page.goto(`${gateway.server.url}/manager/`);
    await page.getByLabel("Token").fill(instance.token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("link", { name: instance.name }).waitFor();
    await page.goto(`${gateway.server.url}/manager/#/instances/${instance.name}/chatwoot`);
    await page.locator(".status-panel").getByText("Active").waitFor();
    const item = jobs().getByRole("listitem");
    await item.getByText("Customer message to Chatwoot").waitFor();
    await item.getByText("attempts: 1").waitFor();
    await item.getByText(/Chatwoot invalid \(HTTP 422\): Content is invalid/).waitFor();
    expect(await item.textContent()).not.toContain("ainda não chegou");
    await screenshot(page, "15-chatwoot-failed-jobs");

    // Someone else retries it first; the page's button then meets a 409, said in words.
    const first = await gateway.server.request(
      "POST",
      `/api/chatwoot/jobs/retry/${instance.name}`,
      {
        token: instance.token,
        body: { id: stale },
      },
    );
    expect(first.status).toBe(200);
    await page.getByRole("button", { name: `Retry job ${stale}` }).click();
    await page.getByText("That job is not failed any more: it was retried already.").waitFor();
    await page.getByText(new RegExp(`job ${stale} is \\w+, not dead`)).waitFor();
    await page.getByText("No failed jobs: everything reached Chatwoot or WhatsApp.").waitFor();
  });

  it("retries a dead job from the page, and the message reaches Chatwoot", async () => {
    const id = await deadJob("Pedido 42: preciso de ajuda");
    await page.getByRole("button", { name: "Refresh the failed jobs" }).click();
    await page.getByRole("button", { name: `Retry job ${id}` }).click();
    await page.getByText(`Job ${id} is queued again`).waitFor();
    await waitForMessages(
      gateway,
      instance.inboxId,
      (messages) => messages.some((m) => m.content === "Pedido 42: preciso de ajuda"),
      "the retried message in Chatwoot",
    );
    await page.getByRole("button", { name: "Refresh the failed jobs" }).click();
    await page.getByText("No failed jobs: everything reached Chatwoot or WhatsApp.").waitFor();
    expect(await jobs().count()).toBe(0);
    await screenshot(page, "16-chatwoot-job-retried");
  });
});
