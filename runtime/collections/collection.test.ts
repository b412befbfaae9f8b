import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Collection } from './collection.ts';

const entries = fc.array(fc.tuple(fc.constantFrom('Id', 'id', 'ID', 'name', 'Name', 'x', 'É', 'é'), fc.string({ maxLength: 4 })), { maxLength: 12 });

describe('Collection', () => {
  it('finds keys case-insensitively (ASCII only) and keeps arrival order', () => {
    const c = new Collection();
    c.add('Id', '1');
    c.add('name', 'a');
    c.add('ID', '2');
    expect(c.get('id').map((e) => e.value)).toEqual(['1', '2']);
    expect(c.all().map((e) => e.key)).toEqual(['Id', 'name', 'ID']);
    c.add('É', 'u');
    expect(c.get('é')).toEqual([]);
  });

  it('grouped: each key\'s elements together, keys in first-arrival order, and kept up to date', () => {
    const c = new Collection();
    for (const [k, v] of [['a', '1'], ['B', '2'], ['A', '3'], ['c', '4']]) c.add(k, v);
    expect(c.grouped().map((e) => e.value)).toEqual(['1', '3', '2', '4']);
    c.add('b', '5');
    expect(c.grouped().map((e) => e.value)).toEqual(['1', '3', '2', '5', '4']);
    c.remove('a');
    expect(c.grouped().map((e) => e.value)).toEqual(['2', '5', '4']);
    const distinct = new Collection();
    distinct.add('x', '1');
    distinct.add('y', '2');
    expect(distinct.grouped()).toBe(distinct.all());
  });

  it('set replaces every element of a key by one', () => {
    const c = new Collection();
    c.add('a', '1');
    c.add('A', '2');
    c.set('a', '3');
    expect(c.get('A').map((e) => e.value)).toEqual(['3']);
    expect(c.size).toBe(1);
  });

  it('loaded with lower-cased keys, answers as when loaded without them, and keeps its own copies', () => {
    fc.assert(
      fc.property(entries, fc.constantFrom('id', 'name', 'x', 'é', 'É', 'none'), (list, probe) => {
        const elements = list.map(([key, value]) => ({ key, value }));
        const lowered = new Collection();
        lowered.load(elements, elements.map((e) => e.key.replace(/[A-Z]/g, (ch) => ch.toLowerCase())));
        const plain = new Collection();
        plain.load(elements);
        expect(lowered.get(probe)).toEqual(plain.get(probe));
        lowered.set(probe, 'changed');
        plain.set(probe, 'changed');
        expect(lowered.all()).toEqual(plain.all());
        // The loaded elements are copies: changing the collection leaves the source alone.
        expect(elements.every((e) => e.value !== 'changed' || list.some(([, v]) => v === 'changed'))).toBe(true);
      }),
    );
  });
});
