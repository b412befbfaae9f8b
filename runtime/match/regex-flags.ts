/**
 * RE2's flags for how ModSecurity v3 compiles every regex it uses (@rx, key selectors, sets):
 * PCRE_DOTALL | PCRE_MULTILINE. '.' also matches '\n', and '^' and '$' match at the start and
 * end of every line of a value as well as of the value itself (v2 compiles @rx with DOTALL and
 * DOLLAR_ENDONLY instead). One difference remains: RE2's multi-line '^' also matches after a
 * newline that ends the value, where PCRE's does not; it matters only to a pattern that can
 * match an empty line there.
 */
export const REGEX_FLAGS = 'sm';
