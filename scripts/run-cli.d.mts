export declare const entryPoints: Record<string, string>;
/** Bundles the named command-line entry points (default: all) into out/cli/<name>.mjs. */
export declare function buildCli(names?: string[]): Promise<void>;
/** Bundles bench/<name>.bench.ts into out/bench/<name>.bench.mjs. */
export declare function buildBench(name: string): Promise<void>;
