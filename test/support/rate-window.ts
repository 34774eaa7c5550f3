/**
 * Rate-limit windows are whole wall-clock minutes: a test that counts its requests
 * must not straddle the start of the next one, or the count restarts midway.
 */
export async function clearOfWindowEdge(): Promise<void> {
  const untilEdge = 60_000 - (Date.now() % 60_000);
  if (untilEdge < 10_000) await new Promise((resolve) => setTimeout(resolve, untilEdge + 50));
}
