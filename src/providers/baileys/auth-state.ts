/**
 * Baileys' authentication state (credentials and signal keys) kept in ponte's database
 * through the SessionStore, sealed at rest. Baileys' own folder-based state is meant
 * for bots; a server with several processes needs the state where the data is.
 */
import {
  BufferJSON,
  initAuthCreds,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataSet,
  type SignalDataTypeMap,
} from "@whiskeysockets/baileys";
import type { SessionItem, SessionStore } from "../session-store.js";

const CREDS = "creds";

export interface DatabaseAuthState {
  state: AuthenticationState;
  /** Persists the credentials (call on every `creds.update`). */
  saveCreds(): Promise<void>;
  /** Whether the credentials were found in the database (a registered device). */
  restored: boolean;
}

export function encodeValue(value: unknown): string {
  return JSON.stringify(value, BufferJSON.replacer);
}

export function decodeValue(text: string): unknown {
  return JSON.parse(text, BufferJSON.reviver) as unknown;
}

export async function loadAuthState(
  store: SessionStore,
  instanceId: string,
): Promise<DatabaseAuthState> {
  const saved = (await store.get(instanceId, CREDS, [CREDS])).get(CREDS);
  const creds = saved === undefined ? initAuthCreds() : (decodeValue(saved) as AuthenticationCreds);

  const keys = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const found = await store.get(instanceId, type, ids);
      const result: Record<string, SignalDataTypeMap[T]> = {};
      for (const [id, text] of found) {
        let value = decodeValue(text);
        // Baileys expects this one as a protobuf message, not a plain object.
        if (type === "app-state-sync-key") {
          value = proto.Message.AppStateSyncKeyData.fromObject(value as object);
        }
        result[id] = value as SignalDataTypeMap[T];
      }
      return result;
    },
    async set(data: SignalDataSet) {
      const items: SessionItem[] = [];
      for (const [category, entries] of Object.entries(data)) {
        for (const [id, value] of Object.entries(entries as Record<string, unknown>)) {
          items.push({ category, id, value: value === null ? null : encodeValue(value) });
        }
      }
      await store.put(instanceId, items);
    },
    async clear() {
      await store.clear(instanceId);
    },
  };

  return {
    state: { creds, keys },
    restored: saved !== undefined,
    saveCreds: () =>
      store.put(instanceId, [{ category: CREDS, id: CREDS, value: encodeValue(creds) }]),
  };
}
