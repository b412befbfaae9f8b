// placeholder until the generator runs
export const SQLI_FINGERPRINTS: readonly string[] = [];
