import type { CompiledOperator, OperatorSpec } from './types.ts';

class Constant implements CompiledOperator {
  constructor(private readonly result: boolean) {}
  match(): boolean {
    return this.result;
  }
}

const always = new Constant(true);
const never = new Constant(false);

/** Matches every value; any parameter is ignored, as ModSecurity does. */
export const unconditionalMatch: OperatorSpec = {
  name: 'unconditionalMatch',
  capture: false,
  create: () => always,
};

/** Matches nothing; any parameter is ignored. */
export const noMatch: OperatorSpec = {
  name: 'noMatch',
  capture: false,
  create: () => never,
};
