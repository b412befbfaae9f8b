/**
 * A transformation maps a byte string to a byte string. Values are JS strings
 * in which every char code is one byte (0–255), i.e. `buffer.toString('latin1')`.
 *
 * Contract: when nothing changes, return the very same string (`t(x) === x`),
 * so the engine can skip re-evaluation and caching work cheaply. Malformed
 * input never throws; output never contains a char code above 0xFF.
 */
export type Transformation = (input: string) => string;
