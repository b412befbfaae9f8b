import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Action, ChainLink, Directive, SecRule, Selector, Value, ValuePart, Variable } from './ast.ts';
import { DIRECTIVES, type SettingSpec } from './directives.ts';
import { loadText } from './includes.ts';
import { printDirective } from './print.ts';
import { withoutSpans } from './testing.ts';

/**
 * Generates ASTs (without spans), prints them, parses the text back and expects the same tree.
 * Values are built from segments, so the expected macro parts are known without running the
 * parser. Excluded are the few values SecLang cannot express at all: a backslash right before
 * a closing quote or at the end of a quoted value, and line breaks.
 */
const Z = { fileId: 0, start: 0, end: 0 };

const safeChar = fc.oneof(
  { weight: 20, arbitrary: fc.constantFrom(...'abcXYZ019 _-.:;=/()[]{}*+?^$|<>&#@!~`,"\''.split('')) },
  { weight: 2, arbitrary: fc.constantFrom('\\d', '\\w', '\\s', '\\x41') },
  { weight: 1, arbitrary: fc.integer({ min: 0xa0, max: 0xff }).map((c) => String.fromCharCode(c)) },
);
const literalText = (min = 1) => fc.array(safeChar, { minLength: min, maxLength: 12 }).map((a) => a.join(''));
const ident = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/);
const macro = fc
  .tuple(ident, fc.option(fc.stringMatching(/^[A-Za-z0-9_.-]{1,8}$/), { nil: undefined }))
  .map(([collection, key]): ValuePart => (key === undefined ? { kind: 'macro', collection, span: Z } : { kind: 'macro', collection, key, span: Z }));

function valueOf(segments: ValuePart[]): Value {
  const parts: ValuePart[] = [];
  for (const s of segments) {
    const last = parts[parts.length - 1];
    if (s.kind === 'literal' && last?.kind === 'literal') parts[parts.length - 1] = { ...last, text: last.text + s.text };
    else parts.push(s);
  }
  if (parts.length === 0) parts.push({ kind: 'literal', text: '', span: Z });
  const text = parts.map((p) => (p.kind === 'literal' ? p.text : `%{${p.collection}${p.key === undefined ? '' : '.' + p.key}}`)).join('');
  return { text, parts, span: Z };
}

const value = (opts: { nonEmpty?: boolean; noLeadingBlank?: boolean } = {}) =>
  fc
    .array(fc.oneof({ weight: 3, arbitrary: literalText().map((text): ValuePart => ({ kind: 'literal', text, span: Z })) }, { weight: 1, arbitrary: macro }), {
      minLength: opts.nonEmpty ? 1 : 0,
      maxLength: 4,
    })
    .map(valueOf)
    .filter((v) => !/\\$/.test(v.text) && !(opts.noLeadingBlank && /^[ \t]/.test(v.text)));

const selector: fc.Arbitrary<Selector> = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{1,10}$/).map((value): Selector => ({ kind: 'literal', value, span: Z })),
  fc.stringMatching(/^[a-z0-9 |,"]{0,8}$/).map((value): Selector => ({ kind: 'quoted', value, span: Z })),
  fc.stringMatching(/^[a-z0-9^$.*+?()|]{1,10}$/).map((value): Selector => ({ kind: 'regex', value, span: Z })),
);

const variable: fc.Arbitrary<Variable> = fc
  .tuple(fc.constantFrom('ARGS', 'REQUEST_HEADERS', 'TX', 'request_cookies', 'XML', 'REQUEST_URI'), fc.boolean(), fc.boolean(), fc.option(selector, { nil: undefined }))
  .map(([name, count, exclude, sel]): Variable => {
    const s = name === 'XML' ? ({ kind: 'xpath', value: sel ? '/*' : '//@*', span: Z } as Selector) : sel;
    return s ? { kind: 'Variable', name, count, exclude, selector: s, span: Z } : { kind: 'Variable', name, count, exclude, span: Z };
  });

const plainAction: fc.Arbitrary<Action> = fc
  .tuple(fc.constantFrom('id', 'msg', 'tag', 'logdata', 't', 'skipAfter', 'severity', 'pass', 'capture', 'block'), fc.option(value(), { nil: undefined }))
  .map(([name, v]): Action => (v ? { kind: 'Action', name, value: v, span: Z } : { kind: 'Action', name, span: Z }));

const setvar: fc.Arbitrary<Action> = fc
  .tuple(ident, value({ nonEmpty: true }).filter((v) => !/[=]/.test(v.text) && !v.text.startsWith('!')), fc.constantFrom('=', '=+', '=-', '!' as const), value())
  .filter(([, , op, v]) => op !== '=' || !/^[+-]/.test(v.text))
  .map(([collection, key, op, v]): Action =>
    op === '!' ? { kind: 'Setvar', name: 'setvar', collection, key, op, span: Z } : { kind: 'Setvar', name: 'setvar', collection, key, op, value: v, span: Z },
  );

const ctl: fc.Arbitrary<Action> = fc
  .tuple(fc.stringMatching(/^[A-Za-z]{1,12}$/), value())
  .map(([option, v]): Action => ({ kind: 'Ctl', name: 'ctl', option, value: v, span: Z }));

const actions = fc.array(fc.oneof(plainAction, setvar, ctl), { maxLength: 6 }).map((a) => a.filter((x) => x.name !== 'chain'));

const operator = fc
  .tuple(fc.boolean(), fc.boolean(), fc.constantFrom('rx', 'pm', 'streq', 'detectSQLi', 'ipMatch'), value({ noLeadingBlank: true }))
  .filter(([implicit, , , v]) => !implicit || !/^[!@]/.test(v.text))
  .map(([implicit, negated, name, param]) => ({ kind: 'Operator' as const, name: implicit ? 'rx' : name, negated, implicit, param, span: Z }));

const chainTail: fc.Arbitrary<ChainLink | undefined> = fc.letrec<{ link: ChainLink | undefined }>((tie) => ({
  link: fc.oneof(
    { weight: 3, arbitrary: fc.constant(undefined) },
    {
      weight: 1,
      arbitrary: fc.tuple(fc.array(variable, { minLength: 1, maxLength: 3 }), operator, actions, tie('link')).map(([variables, op, acts, next]) => rule(variables, op, acts, next)),
    },
  ),
})).link;

function rule(variables: Variable[], op: SecRule['operator'], acts: Action[], next: ChainLink | undefined): SecRule {
  const withChain = next ? [...acts, { kind: 'Action', name: 'chain', span: Z } as Action] : acts;
  return next ? { kind: 'SecRule', variables, operator: op, actions: withChain, chained: next, span: Z } : { kind: 'SecRule', variables, operator: op, actions: withChain, span: Z };
}

const secRule = fc.tuple(fc.array(variable, { minLength: 1, maxLength: 4 }), operator, actions, chainTail).map(([v, o, a, c]) => rule(v, o, a, c));

const settings = Object.entries(DIRECTIVES).filter(([, s]) => s.kind === 'Setting') as [string, SettingSpec][];
const setting: fc.Arbitrary<Directive> = fc.constantFrom(...settings).chain(([name, spec]) => {
  const arg = spec.values ? fc.constantFrom(...spec.values) : spec.integer ? fc.nat().map(String) : literalText().filter((t) => !/\\/.test(t));
  const count = Math.max(spec.min, Math.min(spec.max, spec.min + 1));
  return fc.array(arg, { minLength: count, maxLength: count }).map((args): Directive => ({ kind: 'Setting', name, args: args.map((value) => ({ value, span: Z })), span: Z }));
});

const idRange = fc.tuple(fc.integer({ min: 1, max: 999999 }), fc.nat({ max: 50 })).map(([from, d]) => ({ from, to: from + d, span: Z }));

const directive: fc.Arbitrary<Directive> = fc.oneof(
  { weight: 6, arbitrary: secRule },
  { weight: 1, arbitrary: actions.map((a): Directive => ({ kind: 'SecAction', actions: a, span: Z })) },
  { weight: 1, arbitrary: actions.map((a): Directive => ({ kind: 'SecDefaultAction', actions: a, span: Z })) },
  { weight: 1, arbitrary: literalText().filter((t) => !/\\/.test(t)).map((name): Directive => ({ kind: 'SecMarker', name, span: Z })) },
  { weight: 1, arbitrary: fc.array(idRange, { minLength: 1, maxLength: 3 }).map((ids): Directive => ({ kind: 'SecRuleRemoveById', ids, span: Z })) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.array(idRange, { minLength: 1, maxLength: 2 }), fc.array(variable, { minLength: 1, maxLength: 2 }))
      .map(([ids, variables]): Directive => ({ kind: 'SecRuleUpdateTargetById', ids, variables, span: Z })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 99999 }), fc.nat({ max: 3 }), actions)
      .map(([id, chainOffset, a]): Directive => ({ kind: 'SecRuleUpdateActionById', id, chainOffset, actions: a, span: Z })),
  },
  { weight: 2, arbitrary: setting },
);

describe('printer', () => {
  it('parse(print(ast)) equals ast for generated directives', () => {
    fc.assert(
      fc.property(directive, (d) => {
        const text = printDirective(d);
        const back = loadText(text, 'gen.conf', 'bytes');
        expect(back.diagnostics).toEqual([]);
        expect(withoutSpans(back.directives)).toEqual(withoutSpans([d]));
      }),
      { numRuns: 3000 },
    );
  });
});
