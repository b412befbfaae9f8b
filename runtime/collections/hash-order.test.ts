import { describe, expect, it } from 'vitest';
import { Collection } from './collection.ts';
import fc from 'fast-check';
import { bucketsAfter, hashReadOrder, keySum, linkedReadOrder, REQUEST_BUCKETS, TX_BUCKETS } from './hash-order.ts';

const keyed = (keys: readonly string[]) => keys.map((key) => ({ key, sum: keySum(key) }));
const order = (keys: readonly string[], start?: number) => hashReadOrder(keyed(keys), start);
const read = (keys: string[], start?: number) => (order(keys, start) ?? keys.map((_, i) => i)).map((i) => keys[i]);

/** Orders libmodsecurity 3.0.9 read ARGS_NAMES in, for query strings with these names (scripts/modsec-oracle). */
describe("v3's hash-table read order", () => {
  it('is arrival order while no two keys share a bucket, with a repeated key filed beside its first', () => {
    expect(read(['a', 'b', 'a'])).toEqual(['a', 'a', 'b']);
    expect(read(['id', 'di'])).toEqual(['id', 'di']);
  });

  it('moves a key whose bucket is taken to the front of that bucket', () => {
    // k and ab share a bucket of the 11, as do n and ba.
    expect(read(['k', 'n', 'arr', 'z', 'ab', 'ba'])).toEqual(['k', 'ab', 'ba', 'n', 'arr', 'z']);
  });

  it('relinks every key when the twelfth arrives and the table grows to 23 buckets', () => {
    const keys = Array.from({ length: 15 }, (_, i) => `p${i}`);
    expect(read(keys)).toEqual(['p9', 'p8', 'p7', 'p14', 'p6', 'p13', 'p10', 'p3', 'p5', 'p12', 'p4', 'p11', 'p2', 'p1', 'p0']);
    expect(bucketsAfter(11, 11)).toBe(11);
    expect(bucketsAfter(11, 12)).toBe(23);
    expect(bucketsAfter(11, 100)).toBe(199);
  });

  it('counts bytes 0x80-0xFE as themselves and 0xFF as -1', () => {
    expect(keySum('\xff')).toBe(-1);
    expect(keySum('\xc3\xa9')).toBe(0xc3 + 0xa9);
    expect(keySum('AbC')).toBe(keySum('abc'));
    expect(read(['caf\xc3\xa9', '\xff', 'user_name', 'x'])).toEqual(['caf\xc3\xa9', 'user_name', '\xff', 'x']);
    expect(read(['\xff', 'user_name'])).toEqual(['\xff', 'user_name']);
    expect(read(['\xc3\xa9', '\xfe', 'd', 'x\x80'])).toEqual(['\xc3\xa9', '\xfe', 'd', 'x\x80']);
  });

  it('reads every element once, whatever the keys', () => {
    const keys = Array.from({ length: 300 }, (_, i) => `k${(i * 7919) % 97}`);
    expect([...order(keys)!].sort((a, b) => a - b)).toEqual(keys.map((_, i) => i));
    expect(order(['a', 'b', 'c'])).toBeNull();
  });
});

describe('the closed form', () => {
  it('gives the order replaying the table gives, while the table does not grow', () => {
    const key = fc.string({ unit: fc.constantFrom('a', 'B', 'b', 'c', 'd', '_', '\xe9', '\xff'), minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(fc.array(key, { maxLength: 11 }), fc.array(key, { maxLength: 60 }), (small, large) => {
        const asArrival = (keys: string[], b: number) => hashReadOrder(keyed(keys), b) ?? keys.map((_, i) => i);
        expect(asArrival(small, REQUEST_BUCKETS)).toEqual(linkedReadOrder(keyed(small), REQUEST_BUCKETS));
        expect(asArrival(large, TX_BUCKETS)).toEqual(linkedReadOrder(keyed(large), TX_BUCKETS));
        // A /regex/ key's subset comes in the order the whole collection does.
        const subset = large.flatMap((k, i) => (k.includes('a') ? [i] : []));
        expect(hashReadOrder(keyed(large), TX_BUCKETS, subset) ?? subset).toEqual(asArrival(large, TX_BUCKETS).filter((i) => subset.includes(i)));
      }),
      { numRuns: 500 },
    );
  });
});

describe('the replay of a growing table', () => {
  it('gives the same order whether an equal key is found by scanning its bucket or by its group head', () => {
    const key = fc.string({ unit: fc.constantFrom('a', 'B', 'b', '1', '2', '_', '\xe9'), minLength: 1, maxLength: 3 });
    fc.assert(
      fc.property(fc.array(key, { minLength: 12, maxLength: 300 }), fc.constantFrom(REQUEST_BUCKETS, 23), (keys, start) => {
        expect(linkedReadOrder(keyed(keys), start, true)).toEqual(linkedReadOrder(keyed(keys), start, false));
      }),
      { numRuns: 300 },
    );
  });
});

describe('a hash-ordered Collection', () => {
  it('reads its elements in that order, case-insensitively by key', () => {
    const c = new Collection(REQUEST_BUCKETS);
    for (const [k, v] of [['K', '1'], ['n', '2'], ['arr', '3'], ['z', '4'], ['AB', '5'], ['ba', '6']]) c.add(k, v);
    expect(c.grouped().map((e) => e.value)).toEqual(['1', '5', '6', '2', '3', '4']);
  });

  it('keeps the buckets it grew to when emptied, as v3 clears MATCHED_VARS', () => {
    const c = new Collection(REQUEST_BUCKETS);
    for (let i = 0; i < 12; i++) c.add(`p${i}`, '');
    expect(c.bucketCount).toBe(23);
    c.clear();
    for (const k of ['k', 'n', 'arr', 'z', 'ab', 'ba']) c.add(k, k);
    expect(c.grouped().map((e) => e.key)).toEqual(read(['k', 'n', 'arr', 'z', 'ab', 'ba'], 23));
    expect(c.grouped().map((e) => e.key)).not.toEqual(read(['k', 'n', 'arr', 'z', 'ab', 'ba']));
  });

  it("reads TX in its own table's order (measured: TX:/^v_/ after v_ab, v_x, v_ba)", () => {
    const c = new Collection(TX_BUCKETS);
    for (const k of ['v_ab', 'v_x', 'v_ba']) c.set(k, '1');
    expect(c.grouped().map((e) => e.key)).toEqual(['v_ab', 'v_ba', 'v_x']);
    expect(c.matching((k) => k.startsWith('v_')).map((e) => e.key)).toEqual(['v_ab', 'v_ba', 'v_x']);
    expect(c.matching((k) => k.endsWith('x')).map((e) => e.key)).toEqual(['v_x']);
    expect(bucketsAfter(TX_BUCKETS, 1032)).toBe(2179);
  });

  it('without hash order (a persistent collection), groups by key in order of arrival', () => {
    const c = new Collection();
    for (const [k, v] of [['k', '1'], ['n', '2'], ['ab', '3'], ['k', '4']]) c.add(k, v);
    expect(c.grouped().map((e) => e.value)).toEqual(['1', '4', '2', '3']);
  });
});
