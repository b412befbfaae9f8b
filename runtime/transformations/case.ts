// t:lowercase / t:uppercase. libmodsecurity maps every byte through C
// tolower/toupper in the "C" locale, so only ASCII letters change; bytes
// >= 0x80 pass through untouched (String.prototype.toLowerCase would turn
// 0xC0 'À' into 0xE0 and break the byte model).

function firstInRange(input: string, lo: number, hi: number): number {
  for (let i = 0; i < input.length; i++) {
    const c = input.charCodeAt(i);
    if (c >= lo && c <= hi) return i;
  }
  return -1;
}

function shiftRange(input: string, from: number, lo: number, hi: number, delta: number): string {
  const buf = Buffer.from(input, 'latin1');
  for (let i = from; i < buf.length; i++) {
    const c = buf[i]!;
    if (c >= lo && c <= hi) buf[i] = c + delta;
  }
  return buf.toString('latin1');
}

export function lowercase(input: string): string {
  const i = firstInRange(input, 0x41, 0x5a);
  return i < 0 ? input : shiftRange(input, i, 0x41, 0x5a, 0x20);
}

export function uppercase(input: string): string {
  const i = firstInRange(input, 0x61, 0x7a);
  return i < 0 ? input : shiftRange(input, i, 0x61, 0x7a, -0x20);
}
