import { describe, expect, it } from 'vitest';
import { progressBar } from './progress.ts';

function stream(isTTY: boolean): NodeJS.WriteStream & { text: string } {
  const s = { isTTY, text: '', write(t: string) { s.text += t; return true; } };
  return s as unknown as NodeJS.WriteStream & { text: string };
}

describe('progress bar', () => {
  it('draws on a terminal and ends the line when done', () => {
    const s = stream(true);
    const bar = progressBar(s, {})!;
    bar(5, 10);
    bar(10, 10);
    expect(s.text).toMatch(/\r\[#{30}\] 10\/10 cases, \d+\/s \n$/);
  });
  it('stays silent in CI and when piped', () => {
    expect(progressBar(stream(true), { CI: 'true' })).toBeUndefined();
    expect(progressBar(stream(false), {})).toBeUndefined();
  });
});
