/**
 * A download may stall without ever failing (a proxy that holds the connection): every on-demand chunk — call code,
 * in-call UI, calling SDK — is given up after this long, so the visitor is told and the next click tries again.
 * Long enough for the 1.8 MB SDK on a slow mobile connection.
 */
export const LOAD_TIMEOUT_MS = 45_000;

/** `work`, or a rejection once `ms` have passed; the timer goes with the outcome. */
export function within<T>(work: Promise<T>, ms = LOAD_TIMEOUT_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('Timed out.')), ms);
  });
  return Promise.race([work, expired]).finally(() => clearTimeout(timer));
}
