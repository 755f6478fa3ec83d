// dynalite 4 ships no types; this covers the one call the test setup makes.
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    readonly createTableMs?: number;
    readonly deleteTableMs?: number;
    readonly updateTableMs?: number;
    readonly maxItemSizeKb?: number;
    /** LevelDB directory; in memory when absent. */
    readonly path?: string;
  }

  export default function dynalite(options?: DynaliteOptions): Server;
}
