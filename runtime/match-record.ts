import type { MatchRecord } from './interruption.ts';
import type { CompiledRule, OperatorInstance, RuleLink } from './program.ts';

/**
 * A MatchRecord as the engine keeps it: what the match itself produced (expanded msg and
 * logdata, the last matched value), with the rule's fixed fields read through from the rule.
 * CRS matches dozens of rules on every request (paranoia gates, setup defaults, score checks),
 * most of them nolog; a record of six fields instead of twenty is most of their cost.
 */
export class RuleMatch implements MatchRecord {
  constructor(
    private readonly rule: CompiledRule,
    readonly msg: string,
    readonly logdata: string,
    readonly variable: string,
    readonly value: string,
    readonly transformed: string,
  ) {}

  get ruleId(): number {
    return this.rule.id;
  }
  get phase(): number {
    return this.rule.phase;
  }
  get severity(): number | undefined {
    return this.rule.severity;
  }
  get tags(): readonly string[] {
    return this.rule.tags;
  }
  get ver(): string | undefined {
    return this.rule.ver;
  }
  get rev(): string | undefined {
    return this.rule.rev;
  }
  get maturity(): string | undefined {
    return this.rule.maturity;
  }
  get accuracy(): string | undefined {
    return this.rule.accuracy;
  }
  get operator(): string {
    return firstOperator(this.rule).name;
  }
  get operatorParam(): string {
    return firstOperator(this.rule).paramText;
  }
  get negated(): boolean {
    return firstOperator(this.rule).negated;
  }
  get logged(): boolean {
    return this.rule.log;
  }
  get file(): string {
    return this.rule.file;
  }
  get line(): number {
    return this.rule.line;
  }
  get disruptive(): string {
    return this.rule.disruptive.kind;
  }

  /** Every field, as a plain object (for JSON logs and structured clones). */
  toJSON(): MatchRecord {
    const { ruleId, phase, msg, logdata, severity, tags, ver, rev, maturity, accuracy, variable, value, transformed, operator, operatorParam, negated, logged, file, line, disruptive } = this;
    return { ruleId, phase, msg, logdata, severity, tags, ver, rev, maturity, accuracy, variable, value, transformed, operator, operatorParam, negated, logged, file, line, disruptive };
  }
}

/** The operator a rule's record names: its first link that has one (SecAction links have none). */
function firstOperator(rule: CompiledRule): OperatorInstance {
  let link: RuleLink = rule;
  while (link.unconditional && link.chained) link = link.chained;
  return link.operator;
}
