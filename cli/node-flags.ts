/**
 * The V8 settings a process running the engine under steady traffic should use; `npm start`
 * passes them on its command line, bin/waf.mjs applies the one V8 accepts after start-up, and
 * bench/engine times the engine with them.
 *
 * Why: every request leaves ~100-300 KB of short-lived objects. With V8's defaults, allocation
 * sites whose objects happened to survive a young-generation collection get "pretenured" (later
 * objects from them are allocated in the old generation at once). Those dead old objects then
 * keep the young objects they point to alive through every scavenge until the next full
 * collection, so scavenges copy megabytes and take ~5 ms each. Measured on CRS at PL2 (GET with
 * 5 args): p99 ~4.7 ms with the defaults, ~1.5 ms without pretenuring, ~0.5 ms with a 64 MB
 * young generation as well, and the median ~5-9% lower.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=64', '--no-allocation-site-pretenuring'];

/** The flags of SERVER_NODE_FLAGS that V8 honours when set in a running process. */
export const RUNTIME_SETTABLE_FLAGS: readonly string[] = ['--no-allocation-site-pretenuring'];
