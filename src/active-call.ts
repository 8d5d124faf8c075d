/**
 * One call at a time on a page, whatever SDK each button uses. Loads with the page (it is tiny), so that every
 * button can show that a call is in progress, even one whose call code has not loaded.
 */
let activeCaller: object | undefined;
const activeCallListeners = new Set<() => void>();

export const activeCall = {
  claim(caller: object): boolean {
    if (activeCaller && activeCaller !== caller) return false;
    activeCaller = caller;
    activeCallListeners.forEach((listener) => listener());
    return true;
  },
  release(caller: object): void {
    if (activeCaller !== caller) return;
    activeCaller = undefined;
    activeCallListeners.forEach((listener) => listener());
  },
  isHeldByOther(caller: object): boolean {
    return activeCaller !== undefined && activeCaller !== caller;
  },
  /** Whether any button of the page has a call going. */
  get held(): boolean {
    return activeCaller !== undefined;
  },
  subscribe(listener: () => void): () => void {
    activeCallListeners.add(listener);
    return () => activeCallListeners.delete(listener);
  },
};
