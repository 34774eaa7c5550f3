/** Lets timers, I/O and other callbacks run before a long task's next batch. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
