import { describe, expect, it } from 'vitest';
import { originForm, validHeaders } from './request-target.ts';

describe('what the proxy hands on, as nginx does', () => {
  it('turns an absolute-form target into origin form', () => {
    expect(originForm('/a?b=1')).toBe('/a?b=1');
    expect(originForm('http://evil.example/p?a=1')).toBe('/p?a=1');
    expect(originForm('HTTPS://h:8443')).toBe('/');
    expect(originForm('http://h?x=/y')).toBe('/?x=/y');
    expect(originForm('*')).toBe('*');
  });

  it('drops headers whose names nginx calls invalid, keeping the rest in order', () => {
    const raw = ['Host', 'x', 'X_Foo', '() { :; }; /bin/sh', 'Accept', '*/*', 'X.Bar', '1'];
    const r = validHeaders(raw, { host: 'x', x_foo: '() { :; }; /bin/sh', accept: '*/*', 'x.bar': '1' });
    expect(r.raw).toEqual(['Host', 'x', 'Accept', '*/*']);
    expect(r.headers).toEqual({ host: 'x', accept: '*/*' });
    const clean = ['Host', 'x'];
    expect(validHeaders(clean, { host: 'x' }).raw).toBe(clean);
  });
});
