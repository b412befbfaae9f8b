import type { IncomingHttpHeaders } from 'node:http';

/**
 * What of a request nginx hands on, to the WAF and to the origin alike, where node:http hands on
 * more: the proxy stands where nginx stands in front of ModSecurity, so the rules see what they
 * would see there.
 */

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/**
 * An absolute-form target (`GET http://host/p?a=1`, as proxies are sent) in origin form, as
 * nginx passes it on: the path and query after the authority, with `/` for an empty path
 * (`http://h?x=1` → `/?x=1`).
 */
export function originForm(url: string): string {
  if (url.startsWith('/')) return url;
  const m = ABSOLUTE.exec(url);
  if (m === null) return url;
  const rest = url.slice(m[0].length);
  return rest.startsWith('/') ? rest : '/' + rest;
}

/**
 * nginx's default `ignore_invalid_headers on` (with `underscores_in_headers off`): a header
 * whose name holds anything but letters, digits and '-' is dropped, so neither the WAF nor the
 * origin sees it (`X_Forwarded_For`, `X.Foo`). Returns the inputs themselves when none is.
 */
export function validHeaders(raw: readonly string[], headers: IncomingHttpHeaders): { raw: readonly string[]; headers: IncomingHttpHeaders } {
  let bad = false;
  for (let i = 0; i < raw.length && !bad; i += 2) bad = !VALID_NAME.test(raw[i]);
  if (!bad) return { raw, headers };
  const kept: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) if (VALID_NAME.test(raw[i])) kept.push(raw[i], raw[i + 1]);
  const byName: IncomingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) if (VALID_NAME.test(k)) byName[k] = v;
  return { raw: kept, headers: byName };
}

const VALID_NAME = /^[A-Za-z0-9-]+$/;
