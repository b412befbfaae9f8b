/**
 * Go's net/url QueryEscape / QueryUnescape on byte strings. go-ftw uses them to decide whether
 * form data is already encoded and to encode it when it is not, so the bytes the WAF sees depend
 * on their exact rules: only A-Z a-z 0-9 - _ . ~ stay as they are, space becomes '+', hex is upper
 * case; unescaping turns '+' into space and fails on a '%' not followed by two hex digits.
 */

function unreserved(c: number): boolean {
  return (
    (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) ||
    c === 0x2d || c === 0x5f || c === 0x2e || c === 0x7e
  );
}

const HEX = '0123456789ABCDEF';

export function queryEscape(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (unreserved(c)) out += s[i];
    else if (c === 0x20) out += '+';
    else out += '%' + HEX[c >> 4] + HEX[c & 15];
  }
  return out;
}

/** undefined where Go returns an error (a malformed % escape). */
export function queryUnescape(s: string): string | undefined {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '%') {
      const h = s.slice(i + 1, i + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(h)) return undefined;
      out += String.fromCharCode(parseInt(h, 16));
      i += 2;
    } else if (ch === '+') out += ' ';
    else out += ch;
  }
  return out;
}

/**
 * go-ftw's encodeDataParameters for an urlencoded body: when unescaping changes nothing, the
 * data is taken as unencoded `k=v&k=v` and each key and value is escaped; otherwise it is sent
 * as written. A trailing '&' is lost, as in go-ftw's loop.
 */
export function encodeFormData(data: string): string {
  if (data === '' || queryUnescape(data) !== data) return data;
  const parts: string[] = [];
  let remaining = data;
  while (remaining.length > 0) {
    const amp = remaining.indexOf('&');
    const token = amp < 0 ? remaining : remaining.slice(0, amp);
    remaining = amp < 0 ? '' : remaining.slice(amp + 1);
    const eq = token.indexOf('=');
    if (eq < 0) parts.push(queryEscape(token));
    else parts.push(queryEscape(token.slice(0, eq)) + '=' + queryEscape(token.slice(eq + 1)));
  }
  return parts.join('&');
}
