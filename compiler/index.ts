import type { Diagnostic } from '../core/diagnostic.ts';
import { loadRuleSet, type LoadedRuleSet, type RuleInput } from '../grammar/includes.ts';
import type { Program } from '../runtime/program.ts';
import { compile, type CompileOptions } from './compile.ts';

export { compile, type CompileOptions, type CompileResult } from './compile.ts';
export { validateRuleSet } from './validate.ts';

export interface LoadedProgram {
  readonly program: Program;
  readonly set: LoadedRuleSet;
  /** Parse, include and compile diagnostics together. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Loads rule files (paths, directories, or in-memory texts) and compiles them: the one call an
 * embedder needs. Check `diagnostics` for errors before serving traffic with the program.
 */
export function compileRules(inputs: readonly RuleInput[], opts: CompileOptions = {}): LoadedProgram {
  const set = loadRuleSet(inputs);
  const { program, diagnostics } = compile(set, opts);
  return { program, set, diagnostics: [...set.diagnostics, ...diagnostics] };
}
