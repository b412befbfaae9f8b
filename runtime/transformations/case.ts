// t:lowercase / t:uppercase. libmodsecurity maps every byte through C
// tolower/toupper in the "C" locale, so only ASCII letters change; bytes
// >= 0x80 pass through untouched (String.prototype.toLowerCase would turn
// 0xC0 'À' into 0xE0 and break the byte model).

export function lowercase(input: string): string {
  const len = input.length;
  let i = 0;
  while (i < len) {
    const c = input.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) break;
    i++;
  }
  if (i === len) return input;
  let out = input.slice(0, i);
  let start = i;
  for (; i < len; i++) {
    const c = input.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) {
      if (start < i) out += input.slice(start, i);
      out += String.fromCharCode(c + 0x20);
      start = i + 1;
    }
  }
  return start < len ? out + input.slice(start) : out;
}

export function uppercase(input: string): string {
  const len = input.length;
  let i = 0;
  while (i < len) {
    const c = input.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) break;
    i++;
  }
  if (i === len) return input;
  let out = input.slice(0, i);
  let start = i;
  for (; i < len; i++) {
    const c = input.charCodeAt(i);
    if (c >= 0x61 && c <= 0x7a) {
      if (start < i) out += input.slice(start, i);
      out += String.fromCharCode(c - 0x20);
      start = i + 1;
    }
  }
  return start < len ? out + input.slice(start) : out;
}
