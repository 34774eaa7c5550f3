/**
 * The signed-in token lives in sessionStorage only: it is gone when the tab closes,
 * never in localStorage, a cookie or a URL.
 */
const KEY = "ponte.manager.token";

export interface TokenStore {
  read(): string | undefined;
  write(token: string): void;
  clear(): void;
}

export function sessionTokenStore(storage: Storage = window.sessionStorage): TokenStore {
  return {
    read: () => storage.getItem(KEY) ?? undefined,
    write: (token) => storage.setItem(KEY, token),
    clear: () => storage.removeItem(KEY),
  };
}
