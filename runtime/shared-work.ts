import type { Transaction } from './transaction.ts';
import type { Captures, CompiledOperator } from './operators/types.ts';
import type { CompiledRule, Exclusion, Prefilter, RegexSetSlot, RuleLink } from './program.ts';
import { resolveTarget, type VarValue } from './variables/resolve.ts';
import { lowercase, uppercase } from './transformations/case.ts';
import { StringWork } from './string-memo.ts';
import type { Transformation } from './transformations/types.ts';

/**
 * The optimized program's shared work (compiler/passes/prefilter.ts and value-groups.ts say
 * why each shortcut is safe): values resolved once per group and phase, transformations once
 * per chain prefix and value, and the literal scan that lets regexes and phrase lists answer
 * "no" without running. What depends on a string alone lives in its StringWork record, which
 * string-memo.ts keeps across transactions for repeated short strings. The naive program uses
 * none of it.
 */

/**
 * The values a link inspects and their transformed forms, shared by every rule with the same
 * targets, exclusions and transformations (the link's group; with ctl target removals, the
 * `runtimeKey` the engine built from its valuesKey and the removals) for the rest of the phase. The
 * compiler gives a key only to links whose targets cannot change within a phase (request and
 * response data, not TX or MATCHED_VARS), so a cached list is always the list the link would
 * resolve itself.
 */
export function valueGroup(tx: Transaction, runtimeKey: string | null, link: RuleLink, exclusions: readonly Exclusion[]): ValueGroup {
  let g = runtimeKey === null ? tx.groupSlots[link.groupId!] : tx.valueGroups.get(runtimeKey);
  if (g === undefined) {
    const ids = runtimeKey === null ? link.targetIds! : undefined;
    let values: readonly VarValue[];
    if (ids === undefined) {
      const own: VarValue[] = [];
      for (const t of link.targets) resolveTarget(tx, t, exclusions, own);
      values = own;
    } else if (ids.length === 1) values = targetValues(tx, link, 0);
    else {
      const all: VarValue[] = [];
      for (let i = 0; i < ids.length; i++) for (const v of targetValues(tx, link, i)) all.push(v);
      values = all;
    }
    const works: StringWork[] = new Array(values.length);
    const n = link.transformations.length;
    let maxLength = 0;
    for (let i = 0; i < values.length; i++) {
      works[i] = formOf(tx, link, valueWork(tx, values[i]), n);
      if (works[i].text.length > maxLength) maxLength = works[i].text.length;
    }
    g = new ValueGroup(values, works, maxLength);
    if (runtimeKey === null) tx.groupSlots[link.groupId!] = g;
    else tx.valueGroups.set(runtimeKey, g);
  }
  return g;
}

/** The link's `i`th target's values, resolved once per phase for every group that names it. */
function targetValues(tx: Transaction, link: RuleLink, i: number): readonly VarValue[] {
  const id = link.targetIds![i];
  let values = tx.targetSlots[id];
  if (values === undefined) {
    const out: VarValue[] = [];
    resolveTarget(tx, link.targets[i], link.exclusions, out);
    tx.targetSlots[id] = values = out;
  }
  return values;
}

/** A group's values for the phase, and what has been worked out about them so far. */
export class ValueGroup {
  /** Per literal prefilter (Prefilter.index): the values that can pass it, once asked. */
  candidates: Map<number, Int32Array> | undefined = undefined;
  /** Per regex set of the group (RegexSetSlot.slot), per value: the set's answer once run. */
  setAnswers: (Uint8Array | null | undefined)[][] | undefined = undefined;
  /** Per value, the forms a multiMatch link over the group tests, once asked (multiMatchSteps). */
  steps: (readonly StringWork[])[] | undefined = undefined;

  constructor(
    readonly values: readonly VarValue[],
    /** The values after the group's transformations, as work records (string-memo.ts), in order. */
    readonly works: readonly StringWork[],
    /** The longest transformed value. */
    readonly maxLength: number,
  ) {}
}

/**
 * Whether the prefilter rules out every value of a group at once: no value is long enough,
 * or none holds any of the regex's literals. Only for non-negated operators: for a negated
 * one, "the regex does not match" is a match.
 */
export function groupCannotMatch(tx: Transaction, link: RuleLink, g: ValueGroup): boolean {
  const pf = link.operator.prefilter;
  if (!pf || link.operator.negated) return false;
  if (g.maxLength < pf.minLength) return true;
  if (pf.index < 0) return false;
  const works = g.works;
  for (let i = 0; i < works.length; i++) {
    if (works[i].text.length >= pf.minLength && has(hitsOf(tx, works[i]), pf.index)) return false;
  }
  return true;
}

/**
 * Whether a rule with a screen (RuleLink.screen) is certain not to match: no value of its
 * targets, transformed by its chain, holds one of its prefilter's literals. Read part by part
 * (RuleLink.screenParts), stopping at the first that may match. The parts hold the rule's
 * static targets; a ctl target removal (CRS 941010 takes REQUEST_FILENAME from every XSS rule
 * on ordinary requests) only takes values away, so "none holds a literal" stays true for it.
 */
export function screenedOut(tx: Transaction, rule: CompiledRule): boolean {
  const parts = rule.screenParts!;
  const bit = rule.screen!;
  const word = bit >> 5;
  const mask = 1 << (bit & 31);
  for (let i = 0; i < parts.length; i++) {
    let scans = tx.partSlots[parts[i]];
    if (scans === undefined) tx.partSlots[parts[i]] = scans = partScans(tx, rule, i);
    for (let k = 0; k < scans.length; k++) if ((scans[k][word] & mask) !== 0) return false;
  }
  return true;
}

const NO_SCANS: readonly Int32Array[] = [];

/**
 * The literal scans of the link's `i`th target's values under its chain. Kept as a list, not
 * merged: a part is read by one or two rules per request, and a bit read per value costs less
 * than merging every value's scan.
 */
function partScans(tx: Transaction, link: RuleLink, i: number): readonly Int32Array[] {
  const values = targetValues(tx, link, i);
  if (values.length === 0) return NO_SCANS;
  const out: Int32Array[] = new Array(values.length);
  const n = link.transformations.length;
  for (let k = 0; k < values.length; k++) out[k] = hitsOf(tx, formOf(tx, link, valueWork(tx, values[k]), n));
  return out;
}

const NO_VALUES = new Int32Array(0);

/**
 * The indices, ascending, of the group's values that pass a literal prefilter: long enough and
 * holding one of its literals. A non-negated link needs to test only these (in this order, so
 * that its last match is the same); for most rules on benign traffic the list is empty or short.
 */
export function prefilterCandidates(tx: Transaction, g: ValueGroup, pf: Prefilter): Int32Array {
  const all = (g.candidates ??= new Map());
  let c = all.get(pf.index);
  if (c === undefined) {
    const works = g.works;
    const out: number[] = [];
    if (g.maxLength >= pf.minLength) {
      for (let i = 0; i < works.length; i++) {
        if (works[i].text.length >= pf.minLength && has(hitsOf(tx, works[i]), pf.index)) out.push(i);
      }
    }
    all.set(pf.index, (c = out.length === 0 ? NO_VALUES : Int32Array.from(out)));
  }
  return c;
}

/**
 * The value after the link's transformations. In an optimized program each (chain prefix,
 * value) is computed once per transaction and shared (once across transactions for a string
 * the memo keeps, string-memo.ts): CRS applies a few chains, most starting
 * with the same steps (t:utf8toUnicode,t:urlDecodeUni,…), to the same values in hundreds of
 * rules. Transformations are pure functions of their input, so reuse cannot change a result.
 */
export function transformed(tx: Transaction, link: RuleLink, value: string): string {
  const fns = link.transformations;
  if (fns.length === 0) return value;
  if (!tx.program.optimized) {
    let out = value;
    for (let k = 0; k < fns.length; k++) out = fns[k](out);
    return out;
  }
  return formWork(tx, link, value, fns.length).text;
}

/**
 * The work record of the value after the first `n` of the link's transformations: the value's
 * record keeps its forms' records by chain-prefix id, so a screen reading a value's scan under a
 * chain finds it without looking the transformed string up.
 */
function formWork(tx: Transaction, link: RuleLink, value: string, n: number): StringWork {
  return formOf(tx, link, workOf(tx, value), n);
}

/** formWork from the value's own work record. */
function formOf(tx: Transaction, link: RuleLink, work: StringWork, n: number): StringWork {
  if (n === 0) return work;
  const fns = link.transformations;
  const ids = link.transformPrefixIds!;
  const forms = (work.forms ??= new Array(tx.program.transformPrefixCount));
  let k = n;
  let cur = work;
  for (; k > 0; k--) {
    const hit = forms[ids[k - 1]];
    if (hit !== undefined) {
      cur = hit;
      break;
    }
  }
  for (; k < n; k++) {
    cur = stepOf(tx, work, cur, fns[k]);
    forms[ids[k]] = cur;
  }
  return cur;
}

/** The work of `fn` applied to `cur`'s string, once per string and transformation. */
function stepOf(tx: Transaction, work: StringWork, cur: StringWork, fn: Transformation): StringWork {
  const fnsDone = (cur.afterFns ??= []);
  for (let i = 0; i < fnsDone.length; i++) if (fnsDone[i] === fn) return cur.afterWorks![i];
  // From the kept copy (cur.text): a form cut from it (t:trim) must not keep the request text
  // alive.
  const before = cur.text;
  const out = fn(before);
  let next = cur;
  if (out !== before) {
    // Held by a kept record (the value's, through its forms, or this step's), the new string
    // counts against the memo's budget.
    if (work.kept || cur.kept) tx.memo!.charge(out.length);
    next = workOf(tx, out);
    // The literal scan folds ASCII case, and t:lowercase/t:uppercase change ASCII letters only
    // (C locale), so the new value holds exactly the literals the old one holds: its scan, for
    // a 32 KB body and its lower-cased copy alike, is done once.
    if (fn === lowercase || fn === uppercase) next.literalSource ??= cur;
  }
  fnsDone.push(fn);
  (cur.afterWorks ??= []).push(next);
  return next;
}

/**
 * For a multiMatch link over a group: per value, the work records of the forms the link tests,
 * as ModSecurity's multiMatch does: the value itself, then each transformation's output that
 * differs from the one before. A group has one transformation chain, so every multiMatch link
 * over it reads the same lists, with no lookup per form and rule; each list is kept on the
 * value's record under its chain, so a value seen again brings its lists along.
 */
export function multiMatchSteps(tx: Transaction, g: ValueGroup, link: RuleLink): readonly (readonly StringWork[])[] {
  if (g.steps !== undefined) return g.steps;
  const n = link.transformations.length;
  const chain = link.transformPrefixIds![n - 1];
  const out: (readonly StringWork[])[] = new Array(g.values.length);
  for (let i = 0; i < g.values.length; i++) {
    const base = valueWork(tx, g.values[i]);
    const kept = (base.steps ??= []);
    let list = kept[chain];
    if (list === undefined) {
      const own = [base];
      let prev = base;
      for (let k = 1; k <= n; k++) {
        const w = formOf(tx, link, base, k);
        if (w.text !== prev.text) own.push((prev = w));
      }
      kept[chain] = list = own;
    }
    out[i] = list;
  }
  return (g.steps = out);
}

/**
 * The operator's own answer, before negation. A prefilter may answer "no" without running the
 * regex (see compiler/passes/prefilter.ts for why that is always the regex's answer too).
 */
export function rawMatch(tx: Transaction, link: RuleLink, op: CompiledOperator, value: string, captures: Captures | null, group?: ValueGroup, index = 0, known?: StringWork): boolean {
  const optimized = tx.program.optimized;
  let work = group !== undefined ? group.works[index] : known;
  const pf = link.operator.prefilter;
  if (pf && optimized) {
    if (value.length < pf.minLength) return false;
    if (pf.index >= 0 && !has(hitsOf(tx, (work ??= workOf(tx, value))), pf.index)) return false;
  }
  const rs = link.regexSet;
  if (rs !== undefined && group !== undefined) {
    const answer = setAnswer(tx, group, rs, index);
    if (answer !== null) {
      if (answer[rs.index] === 0) return false;
      // The set already said yes; the regex itself runs only to produce the captures.
      if (captures === null) return true;
      return keptCaptures(tx, group.works[index], op, captures);
    }
  }
  if (optimized && (op.testUtf8 !== undefined || op.keepAnswers === true)) {
    // Most values do not match: answer from the value's kept work (for @rx, on its shared
    // bytes), and run the string match, which produces the captures, only for a yes.
    if (!opAnswer(tx, (work ??= workOf(tx, value)), op)) return false;
    if (captures === null) return true;
    return keptCaptures(tx, work, op, captures);
  }
  return op.match(value, captures);
}

/**
 * The operator's captures on a string it matches, kept with the string's other work: a regex
 * run for its groups costs several times a yes/no run (RE2 cannot use its DFA for them; ~5 µs
 * on a Content-Type against CRS 920470's pattern), and the values rules capture from, header
 * values and multipart part headers, repeat from request to request.
 */
function keptCaptures(tx: Transaction, work: StringWork, op: CompiledOperator, captures: Captures): boolean {
  const kept = (work.captures ??= new Map());
  let c = kept.get(op);
  if (c === undefined) {
    const own: Captures = [];
    c = op.match(work.text, own) ? own : null;
    kept.set(op, c);
    if (work.kept && c !== null) for (const x of c) tx.memo!.charge(x?.length ?? 0);
  }
  if (c === null) return false;
  captures.length = 0;
  for (let i = 0; i < c.length; i++) captures.push(c[i]);
  return true;
}

/** A string's UTF-8 bytes, made once for every regex and set that reads it. */
function bytesOf(tx: Transaction, work: StringWork): Buffer {
  if (work.utf8 === undefined) {
    work.utf8 = Buffer.from(work.text, 'utf8');
    if (work.kept) tx.memo!.charge(work.utf8.length);
  }
  return work.utf8;
}

/**
 * The group's set run on its `index`th value, once per group (null: the set gave up, or was
 * not worth running; each pattern then runs alone).
 */
function setAnswer(tx: Transaction, g: ValueGroup, rs: RegexSetSlot, index: number): Uint8Array | null {
  const all = (g.setAnswers ??= []);
  let perValue = all[rs.slot];
  if (perValue === undefined) all[rs.slot] = perValue = new Array(g.values.length);
  let answer = perValue[index];
  if (answer === undefined) {
    const work = g.works[index];
    const kept = (work.answers ??= new Map());
    answer = kept.get(rs.set) as Uint8Array | null | undefined;
    if (answer === undefined) kept.set(rs.set, (answer = worthASet(tx, rs, work) ? rs.set.match(bytesOf(tx, work)) : null));
    perValue[index] = answer;
  }
  return answer;
}

/**
 * Whether two or more of the set's patterns can match the value, as far as their prefilters
 * tell: a set run costs two or three single runs (one native call each way), and on benign
 * traffic many values that reach a set have one candidate pattern or none.
 */
function worthASet(tx: Transaction, rs: RegexSetSlot, work: StringWork): boolean {
  const filters = rs.filters;
  let hits: Int32Array | undefined;
  let candidates = 0;
  for (let k = 0; k < filters.length; k++) {
    const pf = filters[k];
    if (pf !== null) {
      if (work.text.length < pf.minLength) continue;
      if (pf.index >= 0 && !has((hits ??= hitsOf(tx, work)), pf.index)) continue;
    }
    if (++candidates > 1) return true;
  }
  return false;
}

/**
 * Which literal prefilters a value satisfies, as a bit set over Prefilter.index: one automaton
 * scan per distinct value and transaction, then each literal found marks the prefilters it
 * belongs to, so that every later check is one read. A bit set, not a byte per prefilter: CRS
 * has ~300 of them, and typed arrays over 64 bytes are allocated outside V8's heap, at several
 * times the cost, for every distinct value of every request.
 */
function hitsOf(tx: Transaction, work: StringWork): Int32Array {
  if (work.hits !== undefined) return work.hits;
  // A case-changed copy shares its source's hits (see formOf): follow the sources a few
  // steps; a chain of lowercase and uppercase can lead back to where it started, so the walk is
  // bounded rather than recursive.
  let src = work.literalSource;
  for (let hop = 0; src !== undefined && hop < 4; hop++) {
    if (src.hits !== undefined) return (work.hits = src.hits);
    src = src.literalSource;
  }
  const lit = tx.program.literals!;
  const ids: number[] = [];
  lit.automaton.collect(work.text, lit.scratch, ids);
  const hits = new Int32Array((lit.prefilterCount + 31) >> 5);
  for (const id of ids) {
    lit.scratch[id] = 0;
    const owners = lit.owners[id];
    for (let k = 0; k < owners.length; k++) hits[owners[k] >> 5] |= 1 << (owners[k] & 31);
  }
  work.hits = hits;
  if (work.literalSource !== undefined) work.literalSource.hits ??= hits;
  return hits;
}

/** A resolved value's work record, kept on the value for the rest of the phase. */
function valueWork(tx: Transaction, v: VarValue): StringWork {
  return v.work ?? (v.work = workOf(tx, v.value));
}

/**
 * What is known about a string in this transaction: the transaction's own map first, then the
 * program's memo for strings short enough to be kept across transactions. The transaction's map
 * is not only for long strings: a request's values reach here as the same string objects rule
 * after rule, which a Map matches by identity, while the memo holds its own copies and would
 * compare every character of a User-Agent on every lookup.
 */
function workOf(tx: Transaction, s: string): StringWork {
  let w = tx.work.get(s);
  if (w === undefined) {
    const memo = tx.memo;
    w = (memo !== null && s.length <= memo.maxLength ? memo.get(s) : undefined) ?? new StringWork(s);
    tx.work.set(s, w);
  }
  return w;
}

/**
 * An operator's match(value, null), kept with the value's other work (for @rx, from the value's
 * UTF-8 bytes): both are pure functions of the value, and a header value that passes a regex's
 * literal prefilter (the User-Agent holds "like", "(" and ";") would otherwise run it again on
 * every request. Sets keep their answers the same way (setAnswer).
 */
function opAnswer(tx: Transaction, work: StringWork, op: CompiledOperator): boolean {
  const kept = (work.answers ??= new Map());
  let a = kept.get(op) as boolean | undefined;
  if (a === undefined) kept.set(op, (a = op.testUtf8 !== undefined ? op.testUtf8(bytesOf(tx, work)) : op.match(work.text, null)));
  return a;
}

function has(bits: Int32Array, index: number): boolean {
  return (bits[index >> 5] & (1 << (index & 31))) !== 0;
}
