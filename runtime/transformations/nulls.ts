// t:removeNulls and t:replaceNulls (libmodsecurity v3 remove_nulls.cc,
// replace_nulls.cc): NUL bytes are dropped, or turned into a space.

export function removeNulls(input: string): string {
  let i = input.indexOf('\0');
  if (i < 0) return input;
  let out = '';
  let start = 0;
  while (i >= 0) {
    out += input.slice(start, i);
    start = i + 1;
    i = input.indexOf('\0', start);
  }
  return out + input.slice(start);
}

export function replaceNulls(input: string): string {
  if (input.indexOf('\0') < 0) return input;
  return input.replaceAll('\0', ' ');
}
