import type { CompiledRule, Program, RuleLink } from '../runtime/program.ts';

export interface ProgramSummary {
  readonly paranoiaLevel: number | null;
  readonly rules: number;
  readonly rulesPerPhase: Record<string, number>;
  /** Rules by their `paranoia-level/N` tag (CRS convention); "untagged" for the rest. */
  readonly rulesPerLevel: Record<string, number>;
  /** With folding: rules of the general program and how many the fold removed. */
  readonly generalRules: number;
  readonly foldedAway: number;
  readonly regexes: number;
  /** RE2 sets the optimizer built (one or more per value group) and the @rx links they answer. */
  readonly regexSets: number;
  readonly regexesInSets: number;
  readonly phraseMatchers: number;
  readonly dataFiles: string[];
  readonly transformationChains: number;
  readonly operators: Record<string, number>;
}

function links(r: CompiledRule): RuleLink[] {
  const out: RuleLink[] = [];
  for (let l: RuleLink | undefined = r; l; l = l.chained) out.push(l);
  return out;
}

const count = (p: Program) => p.phases.reduce((n, l) => n + l.length, 0);

/** What `waf compile --json` prints: the shape of a compiled program. */
export function summarize(p: Program): ProgramSummary {
  const rulesPerPhase: Record<string, number> = {};
  const rulesPerLevel: Record<string, number> = {};
  const operators: Record<string, number> = {};
  const chains = new Set<string>();
  const dataFiles = new Set<string>();
  let regexes = 0;
  let regexesInSets = 0;
  const sets = new Set<object>();
  let phraseMatchers = 0;
  for (let ph = 1; ph <= 5; ph++) {
    rulesPerPhase[String(ph)] = p.phases[ph].length;
    for (const r of p.phases[ph]) {
      const tag = r.tags.find((t) => /^paranoia-level\/\d$/.test(t));
      const level = tag ? tag.slice('paranoia-level/'.length) : 'untagged';
      rulesPerLevel[level] = (rulesPerLevel[level] ?? 0) + 1;
      for (const l of links(r)) {
        if (l.unconditional) continue;
        const name = l.operator.name;
        operators[name] = (operators[name] ?? 0) + 1;
        if (name === 'rx') regexes++;
        if (l.regexSet) {
          sets.add(l.regexSet.set);
          regexesInSets++;
        }
        if (name === 'pm' || name === 'pmFromFile') phraseMatchers++;
        if (name === 'pmFromFile' || name === 'ipMatchFromFile') for (const f of l.operator.paramText.split(/\s+/).filter(Boolean)) dataFiles.add(f);
        if (l.transformKey) chains.add(l.transformKey);
      }
    }
  }
  const general = p.folded?.general ?? p;
  return {
    paranoiaLevel: p.folded?.level ?? null,
    rules: count(p),
    rulesPerPhase,
    rulesPerLevel,
    generalRules: count(general),
    foldedAway: count(general) - count(p),
    regexes,
    regexSets: sets.size,
    regexesInSets,
    phraseMatchers,
    dataFiles: [...dataFiles].sort(),
    transformationChains: chains.size,
    operators,
  };
}
