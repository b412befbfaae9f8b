import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { compileRules } from '../../compiler/index.ts';
import { summarize } from '../../compiler/summary.ts';
import { formatDiagnostic } from '../../core/format.ts';
import type { RuleInput } from '../../grammar/includes.ts';
import type { CliIo } from '../io.ts';

/**
 * A CRS checkout is loaded as CRS's own include order (setup, then rules/*.conf); any other
 * path as given. `--pl` adds the setting that selects the level, as crs-setup's 900000 does.
 */
export function ruleInputs(paths: readonly string[], pl?: number): RuleInput[] {
  const out: RuleInput[] = [];
  for (const p of paths) {
    const setup = join(p, 'crs-setup.conf.example');
    if (existsSync(setup) && existsSync(join(p, 'rules'))) {
      out.push(setup);
      if (pl !== undefined) out.push(plSetting(pl));
      out.push(join(p, 'rules'));
    } else out.push(p);
  }
  if (pl !== undefined && !out.some((i) => typeof i !== 'string')) out.unshift(plSetting(pl));
  return out;
}

function plSetting(pl: number): RuleInput {
  return {
    path: '<paranoia level>',
    text: `SecAction "id:900000,phase:1,pass,nolog,setvar:tx.blocking_paranoia_level=${pl},setvar:tx.detection_paranoia_level=${pl}"`,
  };
}

export function parsePl(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 4) throw new InvalidArgumentError(`paranoia level must be 1-4, got '${v}'`);
  return n;
}

/** `waf compile`: compile a rule set for a paranoia level and describe the program. */
export function registerCompile(program: Command, io: CliIo): void {
  program
    .command('compile')
    .description('compile rules for a paranoia level and summarise the program')
    .argument('<paths...>', 'rule files or directories (a CRS checkout: setup then rules/)')
    .option('--pl <level>', 'paranoia level 1-4 (folds the paranoia gates)', parsePl)
    .option('--json', 'print the summary as JSON')
    .action((paths: string[], opts: { pl?: number; json?: boolean }) => {
      const r = compileRules(ruleInputs(paths, opts.pl), opts.pl === undefined ? {} : { paranoiaLevel: opts.pl });
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      for (const d of r.diagnostics) io.err(formatDiagnostic(d, r.set.sources, { color: io.color }));
      const s = summarize(r.program);
      if (opts.json) io.out(JSON.stringify(s, null, 2));
      else {
        io.out(`${s.rules} rules${s.paranoiaLevel ? ` at PL${s.paranoiaLevel} (${s.foldedAway} of ${s.generalRules} folded away)` : ''}`);
        io.out(`per phase: ${Object.entries(s.rulesPerPhase).map(([k, v]) => `${k}:${v}`).join(' ')}`);
        io.out(`per paranoia tag: ${Object.entries(s.rulesPerLevel).map(([k, v]) => `${k}:${v}`).join(' ')}`);
        io.out(`${s.regexes} regexes (${s.regexesInSets} answered by ${s.regexSets} RE2 sets), ${s.phraseMatchers} phrase matchers, ${s.transformationChains} transformation chains, ${s.dataFiles.length} data files`);
      }
      io.setExitCode(errors.length > 0 ? 1 : 0);
    });
}
