/**
 * Folds per-case outcomes into the report. Results arrive in any order; counts do not care,
 * and examples are the lowest case indices, so the report does not depend on the job count.
 */
import { createHash } from 'node:crypto';
import type { Example, KindStat, LevelReport, RateStat } from './report-types.ts';
import type { CorpusKind, LevelOutcome, Payload } from './types.ts';

const RULE_EXAMPLES = 3;
const MISSED_EXAMPLES = 5;
const TOP_FP_RULES = 25;

/** A case by index: which payload, which template. */
export interface CaseIndex {
  payloadOf(i: number): number;
  templateOf(i: number): string;
}

interface Counter { cases: number; hits: number }
interface Ranked { index: number; example: Example }

/** Keeps the k entries with the lowest case index. */
function keepLowest(list: Ranked[], item: Ranked, k: number): void {
  if (list.length >= k && list[list.length - 1]!.index < item.index) return;
  list.push(item);
  list.sort((a, b) => a.index - b.index);
  if (list.length > k) list.pop();
}

function bump(map: Map<string, Counter>, key: string, hit: boolean): void {
  let c = map.get(key);
  if (!c) map.set(key, (c = { cases: 0, hits: 0 }));
  c.cases++;
  if (hit) c.hits++;
}

/** The display form of a payload: UTF-8 where it decodes, capped for reports. */
export function displayText(bytes: string, max = 200): string {
  const s = Buffer.from(bytes, 'latin1').toString('utf8');
  return s.length > max ? s.slice(0, max) + '…' : s;
}

export function caseKey(p: Payload, template: string): string {
  const h = createHash('sha1').update(p.text, 'latin1');
  if (p.request) h.update(JSON.stringify(p.request));
  return `${template}:${h.digest('hex').slice(0, 16)}`;
}

class LevelAcc {
  readonly kinds: Record<CorpusKind, { total: Counter; byClass: Map<string, Counter>; byTemplate: Map<string, Counter> }> = {
    benign: { total: { cases: 0, hits: 0 }, byClass: new Map(), byTemplate: new Map() },
    attack: { total: { cases: 0, hits: 0 }, byClass: new Map(), byTemplate: new Map() },
  };
  readonly fpRules = new Map<number, { cases: number; examples: Ranked[] }>();
  readonly missed = new Map<string, Ranked[]>();
  readonly hits = new Map<number, { benign: number; attack: number }>();
  readonly msgs = new Map<number, string>();
  readonly fpKeys: string[] = [];
  readonly missedKeys: string[] = [];
  constructor(readonly level: number) {}
}

export class Aggregator {
  private readonly acc: LevelAcc[];
  /** Display form of every blocked benign and missed attack case, for the baseline diff. */
  readonly examples = new Map<string, Example>();

  constructor(private readonly payloads: readonly Payload[], private readonly cases: CaseIndex, readonly levels: readonly number[]) {
    this.acc = levels.map((l) => new LevelAcc(l));
  }

  add(index: number, outcomes: readonly LevelOutcome[]): void {
    const p = this.payloads[this.cases.payloadOf(index)]!;
    const template = this.cases.templateOf(index);
    outcomes.forEach((o, li) => {
      const a = this.acc[li]!;
      const k = a.kinds[p.kind];
      const hit = o.blocked;
      k.total.cases++;
      if (hit) k.total.hits++;
      bump(k.byClass, p.cls, hit);
      bump(k.byTemplate, template, hit);
      const example = (variable?: string): Example => ({
        payload: displayText(p.text), cls: p.cls, template, origin: p.origin, ...(variable === undefined ? {} : { variable }),
      });
      for (const h of o.hits) {
        if (!a.msgs.has(h.ruleId)) a.msgs.set(h.ruleId, h.msg);
        let c = a.hits.get(h.ruleId);
        if (!c) a.hits.set(h.ruleId, (c = { benign: 0, attack: 0 }));
        c[p.kind]++;
        if (p.kind === 'benign' && o.blocked) {
          let r = a.fpRules.get(h.ruleId);
          if (!r) a.fpRules.set(h.ruleId, (r = { cases: 0, examples: [] }));
          r.cases++;
          keepLowest(r.examples, { index, example: example(h.variable) }, RULE_EXAMPLES);
        }
      }
      if (p.kind === 'benign' && o.blocked) a.fpKeys.push(this.remember(p, template, index, o.hits[0]?.variable, o.hits.map((h) => h.ruleId)));
      if (p.kind === 'attack' && !o.blocked) {
        a.missedKeys.push(this.remember(p, template, index));
        let list = a.missed.get(p.cls);
        if (!list) a.missed.set(p.cls, (list = []));
        keepLowest(list, { index, example: example() }, MISSED_EXAMPLES);
      }
    });
  }

  private readonly exampleIndex = new Map<string, number>();

  private remember(p: Payload, template: string, index: number, variable?: string, rules?: number[]): string {
    const key = caseKey(p, template);
    const at = this.exampleIndex.get(key);
    if (at === undefined || index < at) {
      this.exampleIndex.set(key, index);
      this.examples.set(key, { payload: displayText(p.text), cls: p.cls, template, origin: p.origin, ...(variable === undefined ? {} : { variable }), ...(rules ? { rules } : {}) });
    }
    return key;
  }

  finish(): LevelReport[] {
    return this.acc.map((a) => {
      const stat = (kind: CorpusKind): KindStat => {
        const k = a.kinds[kind];
        const t = rate('all', k.total);
        return { cases: t.cases, hits: t.hits, rate: t.rate, byClass: rates(k.byClass), byTemplate: rates(k.byTemplate) };
      };
      const attackByClass = a.kinds.attack.byClass;
      return {
        level: a.level,
        benign: stat('benign'),
        attack: stat('attack'),
        fpRules: [...a.fpRules.entries()]
          .sort((x, y) => y[1].cases - x[1].cases || x[0] - y[0])
          .slice(0, TOP_FP_RULES)
          .map(([ruleId, r]) => ({ ruleId, msg: a.msgs.get(ruleId) ?? '', cases: r.cases, examples: r.examples.map((e) => e.example) })),
        missed: [...a.missed.entries()]
          .map(([cls, ex]) => ({ cls, missed: (attackByClass.get(cls)?.cases ?? 0) - (attackByClass.get(cls)?.hits ?? 0), cases: attackByClass.get(cls)?.cases ?? 0, examples: ex.map((e) => e.example) }))
          .sort((x, y) => y.missed - x.missed || (x.cls < y.cls ? -1 : 1)),
        ruleHits: [...a.hits.entries()].sort((x, y) => x[0] - y[0]).map(([ruleId, c]) => ({ ruleId, msg: a.msgs.get(ruleId) ?? '', ...c })),
        fpKeys: [...new Set(a.fpKeys)].sort(),
        missedKeys: [...new Set(a.missedKeys)].sort(),
      };
    });
  }
}

function rate(name: string, c: Counter): RateStat {
  return { name, cases: c.cases, hits: c.hits, rate: c.cases === 0 ? 0 : c.hits / c.cases };
}

function rates(map: Map<string, Counter>): RateStat[] {
  return [...map.entries()].map(([n, c]) => rate(n, c)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
