/** Who is signed in, for every view: the API client, the token (for the event stream) and its kind. */
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import { ApiClient, type ApiResult } from "../api/client";
import type { Session } from "../api/types";

export interface SignedIn {
  token: string;
  session: Session;
  api: ApiClient;
}

export const SessionContext = createContext<SignedIn | undefined>(undefined);

export function useSignedIn(): SignedIn {
  const value = useContext(SessionContext);
  if (value === undefined) throw new Error("useSignedIn outside a signed-in page");
  return value;
}

/** Asks the server what the token is; a wrong token comes back as the API's 401. */
export async function signIn(token: string, fetcher?: typeof fetch): Promise<ApiResult<SignedIn>> {
  const api = new ApiClient(token, fetcher);
  const answer = await api.get<{ session: Session }>("/api/manager/session");
  if (!answer.ok) return answer;
  return { ok: true, status: answer.status, body: { token, session: answer.body.session, api } };
}
