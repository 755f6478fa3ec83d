// A package imported on first use instead of with the handler. Used for the SDK clients that only a rare
// path needs (lib/lambda-bundling.ts): in Lambda they come from the runtime's own SDK, which is CommonJS.

/**
 * Memoises `load()` (a failed import is tried again on the next call) and returns the module whose `probe`
 * export exists: the named exports, or `default` should Node not detect the CommonJS build's named exports.
 */
export function onDemand<T extends object>(
  load: () => Promise<T>,
  probe: keyof T,
): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load()
      .then((module) => {
        if (module[probe] !== undefined) return module;
        const fallback = (module as { default?: T }).default;
        if (fallback?.[probe] !== undefined) return fallback;
        throw new Error(`[scoped-responder] ${String(probe)} is missing from the imported package`);
      })
      .catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
    return pending;
  };
}
