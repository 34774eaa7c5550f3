/**
 * `GET /api/instance/list` for accounts of any size: a fixed number of queries (the
 * page of instances with their blocks, one per module), then the views built in slices
 * with a turn of the event loop between slices, so opening thousands of sealed tokens
 * never keeps `/health` or other requests waiting for long.
 */
import type { SecretBox } from "../../platform/crypto.js";
import { proxyView, s3View } from "./blocks.js";
import { DISABLED, type InstanceModule, type ModuleKey, type ModuleSummary } from "./extensions.js";
import type { InstanceListStore, ListedBlocks, ListPage } from "./instance-list-store.js";
import { displayStatus, type InstanceRecord } from "./instance-model.js";
import type { InstanceView } from "./instance-schemas.js";

/** Views built between two turns of the event loop. */
export const LIST_SLICE = 100;

/** Gives the event loop a turn (I/O, timers) before the next slice. */
export type YieldTurn = () => Promise<void>;

export interface ListingDeps {
  store: InstanceListStore;
  modules: readonly InstanceModule[];
  secrets: SecretBox;
  yieldTurn: YieldTurn;
}

export interface Listing {
  views: InstanceView[];
  /** All instances the filter matches, when a page was asked for. */
  total: number | undefined;
}

export async function listViews(
  deps: ListingDeps,
  accountId: string,
  names: readonly string[] | undefined,
  page: ListPage | undefined,
): Promise<Listing> {
  const { listed, total } = await deps.store.instances(accountId, names, page);
  if (listed.length === 0) return { views: [], total };
  const summaries = await moduleSummaries(
    deps.modules,
    accountId,
    listed.map((item) => item.record),
  );
  const views: InstanceView[] = [];
  for (let start = 0; start < listed.length; start += LIST_SLICE) {
    if (start > 0) await deps.yieldTurn();
    for (const { record, blocks } of listed.slice(start, start + LIST_SLICE)) {
      const summaryOf = (key: ModuleKey) => summaries.get(key)?.get(record.id) ?? DISABLED;
      views.push(assembleView(record, blocks, summaryOf, deps.secrets.open(record.tokenSealed)));
    }
  }
  return { views, total };
}

async function moduleSummaries(
  modules: readonly InstanceModule[],
  accountId: string,
  records: InstanceRecord[],
): Promise<Map<ModuleKey, Map<string, ModuleSummary>>> {
  const entries = await Promise.all(
    modules.map(async (module): Promise<[ModuleKey, Map<string, ModuleSummary>]> => {
      if (module.summaries === undefined) {
        // A module without a batch read costs one query per instance.
        const each = await Promise.all(records.map((r) => module.summary(r)));
        return [module.key, new Map(records.map((r, i) => [r.id, each[i] ?? DISABLED]))];
      }
      const found = await module.summaries(accountId);
      const empty = module.emptySummary ?? DISABLED;
      return [module.key, new Map(records.map((r) => [r.id, found.get(r.id) ?? empty]))];
    }),
  );
  return new Map(entries);
}

/** One item of the list (and of creation's answer). */
/** The modules an instance view summarises (the event log has no block of its own). */
export type ListedModule = Exclude<ModuleKey, "events">;

export function assembleView(
  instance: InstanceRecord,
  blocks: ListedBlocks,
  summaryOf: (key: ListedModule) => ModuleSummary,
  token: string | undefined,
): InstanceView {
  return {
    id: instance.id,
    name: instance.name,
    ...(token === undefined ? {} : { token }),
    provider: instance.provider,
    connection: {
      state: instance.connectionState,
      numberJid: instance.numberJid,
      presenceStatus: instance.presenceStatus,
      displayStatus: displayStatus(instance.connectionState),
    },
    profile: instance.profile,
    webhook: summaryOf("webhook"),
    websocket: summaryOf("websocket"),
    chatwoot: summaryOf("chatwoot"),
    proxy: proxyView(blocks.proxy),
    settings: blocks.settings,
    s3: s3View(blocks.s3),
    createdAt: instance.createdAt,
  };
}
