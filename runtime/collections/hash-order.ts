import { asciiLower } from '../match/aho-corasick.ts';

/**
 * The order in which libmodsecurity v3 reads a whole collection (ARGS, REQUEST_HEADERS, …) or a
 * /regex/ key of it: not arrival order, but the iteration order of the hash table it keeps the
 * collection in, reversed.
 *
 * v3 stores each request collection in a std::unordered_multimap whose hash is the plain sum of
 * the key's lower-cased bytes, reserved for 10
 * elements, and resolves a whole collection by inserting each element it iterates over at the
 * front of its result. The order therefore depends on which keys share a bucket and on when
 * the table grows, which this file reproduces: a node whose bucket is empty goes to the front
 * of the table's single list; one whose bucket is not goes to the front of its bucket's run,
 * or just before the first element with an equal key; a rehash relinks every node in list order.
 * Measured on libmodsecurity 3.0.9 with Debian's libstdc++ (scripts/modsec-oracle): a JSON body
 * `{"k":"v","n":{"k":"v2","arr":["x","y",{"z":"w"}]}}` is read json.k, json.n.arr.array_2.z,
 * json.n.k, json.n.arr.array_0, json.n.arr.array_1.
 */

/**
 * The table's bucket counts as it grows from a reservation of 10, measured with the platform's
 * libstdc++ (an unordered_multimap reserved for 10 rehashes when an insertion would take it past
 * one element per bucket). Past the last, growth is not measured: the next prime at least
 * twice as large stands in, for collections no request body limit lets through.
 */
const BUCKET_COUNTS = [11, 23, 47, 97, 199, 409, 823, 1741, 3739, 7517, 15173, 30727, 62233, 126271, 256279, 520241];

/** The bucket count of a table that started with `count` buckets once it has held `n` elements (a table never shrinks, not even when cleared). */
export function bucketsAfter(count: number, n: number): number {
  while (n > count) count = bucketCountAfter(count);
  return count;
}

/** A request collection's bucket count before its first element: v3 reserves room for 10. */
export const INITIAL_BUCKETS = BUCKET_COUNTS[0];

function bucketCountAfter(count: number): number {
  const at = BUCKET_COUNTS.indexOf(count);
  if (at >= 0 && at + 1 < BUCKET_COUNTS.length) return BUCKET_COUNTS[at + 1];
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
 * The indices of `keys` (a collection's keys in arrival order) in the order v3 reads the
 * collection, for a table that had `startBuckets` buckets when they were inserted; null when
 * that is arrival order, as it is whenever no two keys share a bucket and the table did not grow
 * (most headers and query strings): then nothing is built.
 */
export function hashReadOrder(keys: readonly string[], startBuckets = INITIAL_BUCKETS): number[] | null {
  const n = keys.length;
  const sums: number[] = new Array(n);
  for (let i = 0; i < n; i++) sums[i] = keySum(keys[i]);
  if (n <= startBuckets && startBuckets <= 31) {
    let taken = 0;
    for (let i = 0; i < n; i++) {
      const bit = 1 << bucketOf(sums[i], startBuckets);
      if ((taken & bit) !== 0) break;
      taken |= bit;
      if (i === n - 1) return null;
    }
  }
  const front = n; // the list head: the node "before the first", as a slot of its own
  const next: number[] = new Array(n + 1).fill(NONE);
  let count = startBuckets;
  // Per bucket, the node whose successor is the bucket's first node (NONE: the bucket is empty).
  let before: number[] = new Array(count).fill(NONE);
  const bucket = (i: number) => bucketOf(sums[i], count);
  const sameKey = (a: number, b: number) => keys[a].length === keys[b].length && asciiLower(keys[a]) === asciiLower(keys[b]);

  for (let i = 0; i < n; i++) {
    if (i + 1 > count) {
      count = bucketCountAfter(count);
      before = relink(next, front, count, bucket);
    }
    const b = bucket(i);
    let prev = before[b];
    if (prev !== NONE) {
      // Before the first element with an equal key, if the bucket holds one; else at the
      // bucket's front.
      for (let p = prev, q = next[p]; q !== NONE && bucket(q) === b; p = q, q = next[q]) {
        if (sameKey(q, i)) {
          prev = p;
          break;
        }
      }
      next[i] = next[prev];
      next[prev] = i;
      continue;
    }
    // An empty bucket: the node goes to the front of the list, and the bucket that was first
    // now starts after it.
    next[i] = next[front];
    next[front] = i;
    if (next[i] !== NONE) before[bucket(next[i])] = i;
    before[b] = front;
  }
  const out: number[] = new Array(n);
  let k = n;
  for (let p = next[front]; p !== NONE; p = next[p]) out[--k] = p;
  return out;
}

/**
 * A rehash into `count` buckets: nodes taken in list order, each put at the front of the list
 * when its bucket is still empty, else after the bucket's first node's predecessor, or right
 * after the node before it when that one went to the same bucket (so runs stay in order).
 * Returns the new bucket table.
 */
function relink(next: number[], front: number, count: number, bucket: (i: number) => number): number[] {
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
      const nb = bucket(next[prevNode]);
      if (nb !== prevBucket) before[nb] = prevNode;
    }
    check = false;
  };
  while (p !== NONE) {
    const following = next[p];
    const b = bucket(p);
    if (prevNode !== NONE && prevBucket === b) {
      next[p] = next[prevNode];
      next[prevNode] = p;
      check = true;
    } else {
      if (check) settle();
      if (before[b] === NONE) {
        next[p] = next[front];
        next[front] = p;
        before[b] = front;
        if (next[p] !== NONE) before[firstBucket] = p;
        firstBucket = b;
      } else {
        next[p] = next[before[b]];
        next[before[b]] = p;
      }
    }
    prevNode = p;
    prevBucket = b;
    p = following;
  }
  if (check) settle();
  return before;
}
