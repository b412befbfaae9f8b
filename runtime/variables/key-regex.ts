import RE2 from 're2';

/**
 * Compiles a `/regex/` key selector. ModSecurity matches these case-insensitively against
 * collection keys; RE2 keeps the match linear in time. Returns null for a pattern RE2 cannot
 * compile (the linter reports it at load time).
 */
export function compileKeyRegex(pattern: string): ((key: string) => boolean) | null {
  try {
    const re = new RE2(pattern, 'is');
    return (key) => re.test(key);
  } catch {
    return null;
  }
}
