import { asciiLower } from '../match/aho-corasick.ts';

/**
 * The order in which libmodsecurity v3 reads a whole collection (ARGS, REQUEST_HEADERS, TX, …)
 * or a /regex/ key of it: not arrival order, but the iteration order of the hash table it keeps
 * the collection in, reversed.
 *
 * v3 stores each collection in a std::unordered_multimap whose hash is the plain sum of the
 * key's lower-cased bytes (request collections reserved for 10 elements, TX for 1000), and
 * resolves a whole collection by inserting each element it iterates over at the front of its
 * result. The order therefore depends on which keys share a bucket and on when the table grows,
 * which this file reproduces: a node whose bucket is empty goes to the front of the table's
 * single list; one whose bucket is not goes to the front of its bucket's run, or just before the
 * first element with an equal key; a rehash relinks every node in list order.
 * Measured on libmodsecurity 3.0.9 with Debian's libstdc++ (scripts/modsec-oracle): a JSON body
 * `{"k":"v","n":{"k":"v2","arr":["x","y",{"z":"w"}]}}` is read json.k, json.n.arr.array_2.z,
 * json.n.k, json.n.arr.array_0, json.n.arr.array_1; `setvar:tx.v_ab=1,setvar:tx.v_x=1,
 * setvar:tx.v_ba=1` is read by TX:/^v_/ as v_ab, v_ba, v_x.
 */

/** A request collection's bucket count before its first element: v3 reserves room for 10. */
export const REQUEST_BUCKETS = 11;
/** TX's: v3 reserves room for 1000. */
export const TX_BUCKETS = 1031;

/**
 * The bucket counts a table goes through as it grows from either reservation, measured with the
 * platform's libstdc++ (a table rehashes when an insertion would take it past one element per
 * bucket). Past the last, growth is not measured: the next prime at least twice as large stands
 * in, for collections no request body limit lets through.
 */
const GROWTH = new Map<number, number>();
for (const counts of [
  [REQUEST_BUCKETS, 23, 47, 97, 199, 409, 823, 1741, 3739, 7517, 15173, 30727, 62233, 126271, 256279, 520241],
  [TX_BUCKETS, 2179, 4703, 9497, 19183, 38873, 78779, 159871, 324503],
]) {
  for (let i = 0; i + 1 < counts.length; i++) GROWTH.set(counts[i], counts[i + 1]);
}

/** The bucket count of a table that started with `count` buckets once it has held `n` elements (a table never shrinks, not even when cleared). */
export function bucketsAfter(count: number, n: number): number {
  while (n > count) count = bucketCountAfter(count);
  return count;
}

function bucketCountAfter(count: number): number {
  const known = GROWTH.get(count);
  if (known !== undefined) return known;
  let n = count * 2 + 1;
  while (!isPrime(n)) n += 2;
  return n;
}

function isPrime(n: number): boolean {
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return n > 2;
}

/**
 * The key's hash before reduction: the sum of its bytes, ASCII letters lower-cased. v3 passes
 * each (signed) `char` to tolower; measured on 3.0.9, bytes 0x80-0xFE count as themselves and
 * 0xFF, which is EOF as a signed char, as -1.
 */
export function keySum(key: string): number {
  let s = 0;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i) & 0xff;
    s += c >= 0x41 && c <= 0x5a ? c + 0x20 : c === 0xff ? -1 : c;
  }
  return s;
}

const wrapOffsets = new Map<number, number>();

/** The bucket of a key sum: the sum as a 64-bit size_t (a negative sum wraps) modulo the bucket count. */
function bucketOf(sum: number, buckets: number): number {
  if (sum >= 0) return sum % buckets;
  let wrap = wrapOffsets.get(buckets);
  if (wrap === undefined) wrapOffsets.set(buckets, (wrap = Number((1n << 64n) % BigInt(buckets))));
  const r = ((sum % buckets) + wrap) % buckets;
  return r < 0 ? r + buckets : r;
}

const NONE = -1;

/**
 * The indices of a collection's elements (in arrival order, each with its key's keySum) in the
 * order v3 reads the collection, for a table that had `startBuckets` buckets when they
 * were inserted; with `subset` (indices, ascending), the order of those alone, as a /regex/ key
 * reads them. Null when that is arrival order, as it is whenever no two keys share a bucket and
 * the table did not grow (most headers and query strings).
 *
 * While the table does not grow the order has a closed form, cheaper than relinking a list:
 * ordered by the arrival of the first element of the element's bucket, then of the first
 * element with its key, then its own. (A bucket's run starts at the list's front when its first
 * element arrives; a new key joins its run at the run's front, a repeated key just before its
 * first equal; read reversed, runs, keys and elements all come oldest first.) A table that grows
 * is relinked as libstdc++ does (linkedReadOrder).
 */
export function hashReadOrder(elements: readonly HashKeyed[], startBuckets = REQUEST_BUCKETS, subset?: readonly number[]): number[] | null {
  const n = elements.length;
  if (n > startBuckets) {
    const all = linkedReadOrder(elements, startBuckets);
    if (subset === undefined) return all;
    const chosen = new Set(subset);
    return all.filter((i) => chosen.has(i));
  }
  const [first, last] = scratchFor(startBuckets);
  const bucket: number[] = new Array(n);
  // Per element, the one before it in its bucket (NONE: it came first there).
  const earlier: number[] = new Array(n);
  let shared = false;
  for (let i = 0; i < n; i++) {
    const b = (bucket[i] = bucketOf(elements[i].sum, startBuckets));
    earlier[i] = last[b];
    last[b] = i;
    if (first[b] === NONE) first[b] = i;
    else shared = true;
  }
  let order: number[] | null = null;
  if (shared) {
    // The rank of each: its bucket's first arrival, its key's first arrival (an equal key
    // comes earlier in the same bucket), its own; each below n.
    const count = subset === undefined ? n : subset.length;
    const rank: number[] = new Array(count);
    let sorted = true;
    for (let k = 0; k < count; k++) {
      const i = subset === undefined ? k : subset[k];
      let keyFirst = i;
      for (let j = earlier[i]; j !== NONE; j = earlier[j]) if (sameKey(elements[j], elements[i])) keyFirst = j;
      rank[k] = (first[bucket[i]] * n + keyFirst) * n + i;
      if (k > 0 && rank[k] < rank[k - 1]) sorted = false;
    }
    if (!sorted) {
      rank.sort((a, b) => a - b);
      for (let k = 0; k < count; k++) rank[k] %= n;
      order = rank;
    }
  }
  for (let i = 0; i < n; i++) first[bucket[i]] = last[bucket[i]] = NONE;
  return order;
}

/** Equal keys, as v3 compares them: same length, equal after ASCII lower-casing (equal sums first, which is cheaper). */
function sameKey(a: HashKeyed, b: HashKeyed): boolean {
  return a.sum === b.sum && a.key.length === b.key.length && (a.key === b.key || asciiLower(a.key) === asciiLower(b.key));
}

/** What the order needs of an element: its key, and the key's keySum. */
export interface HashKeyed {
  readonly key: string;
  readonly sum: number;
}

const scratch = new Map<number, [Int32Array, Int32Array]>();

/** Two tables of NONE per bucket (each bucket's first and last element), shared: hashReadOrder puts back what it marks. */
function scratchFor(buckets: number): [Int32Array, Int32Array] {
  let t = scratch.get(buckets);
  if (t === undefined) scratch.set(buckets, (t = [new Int32Array(buckets).fill(NONE), new Int32Array(buckets).fill(NONE)]));
  return t;
}

/**
 * hashReadOrder by replaying the table: every insertion, and every rehash as the table grows.
 * An insertion goes just before the first element with an equal key, which v3's table finds by
 * scanning the bucket. Similar keys (a0 … a20000) crowd into few buckets, where that scan is
 * quadratic; a large collection instead keeps each key's first element (its group's head) and
 * the list doubly linked.
 */
export function linkedReadOrder(elements: readonly HashKeyed[], startBuckets = REQUEST_BUCKETS, byKey = elements.length > 64): number[] {
  const n = elements.length;
  let count = startBuckets;
  const bucket: number[] = new Array(n);
  for (let i = 0; i < n; i++) bucket[i] = bucketOf(elements[i].sum, count);
  const front = n; // the list head: the node "before the first", as a slot of its own
  const next: number[] = new Array(n + 1).fill(NONE);
  const prev: number[] | undefined = byKey ? new Array(n + 1).fill(NONE) : undefined;
  const heads = byKey ? new Map<string, number>() : undefined;
  // Per bucket, the node whose successor is the bucket's first node (NONE: the bucket is empty).
  let before: number[] = new Array(count).fill(NONE);
  const linkAfter = (p: number, x: number) => {
    next[x] = next[p];
    next[p] = x;
    if (prev !== undefined) {
      prev[x] = p;
      if (next[x] !== NONE) prev[next[x]] = x;
    }
  };

  for (let i = 0; i < n; i++) {
    if (i + 1 > count) {
      count = bucketCountAfter(count);
      for (let j = 0; j < n; j++) bucket[j] = bucketOf(elements[j].sum, count);
      before = relink(next, front, bucket, count);
      if (prev !== undefined) for (let p = front, q = next[p]; q !== NONE; p = q, q = next[q]) prev[q] = p;
    }
    const b = bucket[i];
    if (heads !== undefined) {
      const key = asciiLower(elements[i].key);
      const head = heads.get(key);
      heads.set(key, i);
      if (head !== undefined) {
        linkAfter(prev![head], i);
        continue;
      }
    } else if (before[b] !== NONE) {
      let at = before[b];
      for (let p = at, q = next[p]; q !== NONE && bucket[q] === b; p = q, q = next[q]) {
        if (sameKey(elements[q], elements[i])) {
          at = p;
          break;
        }
      }
      linkAfter(at, i);
      continue;
    }
    // A new key: at the front of its bucket's run, or, in an empty bucket, at the front of the
    // list, where the bucket that was first now starts after it.
    if (before[b] !== NONE) {
      linkAfter(before[b], i);
      continue;
    }
    linkAfter(front, i);
    if (next[i] !== NONE) before[bucket[next[i]]] = i;
    before[b] = front;
  }
  const out: number[] = new Array(n);
  let k = n;
  for (let p = next[front]; p !== NONE; p = next[p]) out[--k] = p;
  return out;
}

/**
 * A rehash (`bucket` now holds each node's bucket in the new table): nodes taken in list order,
 * each put at the front of the list when its bucket is still empty, else after the bucket's
 * first node's predecessor, or right after the node before it when that one went to the same
 * bucket (so runs stay in order). Returns the new bucket table.
 */
function relink(next: number[], front: number, bucket: readonly number[], count: number): number[] {
  const before: number[] = new Array(count).fill(NONE);
  let p = next[front];
  next[front] = NONE;
  let firstBucket = 0;
  let prevNode = NONE;
  let prevBucket = 0;
  let check = false;
  const settle = () => {
    // After a run appended behind prevNode: the bucket that follows must start after it.
    if (next[prevNode] !== NONE) {
      const nb = bucket[next[prevNode]];
      if (nb !== prevBucket) before[nb] = prevNode;
    }
    check = false;
  };
  while (p !== NONE) {
    const following = next[p];
    const b = bucket[p];
    if (prevNode !== NONE && prevBucket === b) {
      next[p] = next[prevNode];
      next[prevNode] = p;
      check = true;
    } else {
      if (check) settle();
      const at = before[b];
      if (at === NONE) {
        next[p] = next[front];
        next[front] = p;
        before[b] = front;
        if (next[p] !== NONE) before[firstBucket] = p;
        firstBucket = b;
      } else {
        next[p] = next[at];
        next[at] = p;
      }
    }
    prevNode = p;
    prevBucket = b;
    p = following;
  }
  if (check) settle();
  return before;
}
