import { asciiLower } from '../match/aho-corasick.ts';
import type { Exclusion, KeyMatcher } from '../program.ts';
import type { Transaction } from '../transaction.ts';
import { compileKeyRegex } from '../variables/key-regex.ts';

/**
 * Parses a ctl target (`ARGS:pwd`, `REQUEST_COOKIES:/^sess/`, `ARGS`) into an exclusion. The
 * runtime cannot use the grammar (it must embed anywhere), and ctl targets are a tiny subset.
 */
export function parseCtlTarget(text: string): Exclusion | null {
  const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)(?::(.*))?\s*$/s.exec(text);
  if (!m) return null;
  const name = m[1].toUpperCase();
  if (m[2] === undefined || m[2] === '') return { name };
  const k = m[2];
  let key: KeyMatcher;
  if (k.length >= 2 && k.startsWith('/') && k.endsWith('/')) {
    const test = compileKeyRegex(k.slice(1, -1));
    if (!test) return null;
    key = { kind: 'regex', value: k.slice(1, -1), test };
  } else {
    key = { kind: 'literal', value: k.startsWith("'") && k.endsWith("'") && k.length >= 2 ? k.slice(1, -1) : k };
  }
  return { name, key };
}

function parseIdRange(s: string): [number, number] | null {
  const m = /^\s*(\d+)(?:\s*-\s*(\d+))?\s*$/.exec(s);
  if (!m) return null;
  return [Number(m[1]), Number(m[2] ?? m[1])];
}

const onOff = (v: string): boolean | null => (asciiLower(v) === 'on' ? true : asciiLower(v) === 'off' ? false : null);

/**
 * ctl: changes this transaction's configuration, as ModSecurity v3 does. Unknown options and
 * unusable values are ignored (the linter reports them at load time). `option` is lower-cased
 * (CtlSpec.option): CRS runs a ctl on almost every request, so the compiler folds its case once.
 */
export function executeCtl(tx: Transaction, option: string, value: string): void {
  switch (option) {
    case 'ruleengine': {
      const v = asciiLower(value);
      if (v === 'on') tx.settings.ruleEngine = 'On';
      else if (v === 'off') tx.settings.ruleEngine = 'Off';
      else if (v === 'detectiononly') tx.settings.ruleEngine = 'DetectionOnly';
      return;
    }
    case 'ruleremovebyid':
      for (const part of value.split(/[\s,]+/).filter(Boolean)) {
        const r = parseIdRange(part);
        if (r) tx.removedRanges.push(r);
      }
      return;
    case 'ruleremovebytag':
      tx.removedTags.push(value);
      return;
    case 'ruleremovebymsg':
      tx.removedMsgs.push(value);
      return;
    case 'ruleremovetargetbyid': {
      const [ids, target] = splitOnce(value, ';');
      const r = parseIdRange(ids);
      const ex = target !== undefined ? parseCtlTarget(target) : null;
      if (!r || !ex) return;
      for (let id = r[0]; id <= r[1] && id - r[0] < 100000; id++) {
        const list = tx.removedTargetsById.get(id);
        if (list) list.push(ex);
        else tx.removedTargetsById.set(id, [ex]);
      }
      tx.targetRemovals++;
      tx.removalSignature += `${option}\u0001${value}\u0002`;
      return;
    }
    case 'ruleremovetargetbytag':
    case 'ruleremovetargetbymsg': {
      const [text, target] = splitOnce(value, ';');
      const ex = target !== undefined ? parseCtlTarget(target) : null;
      if (!ex) return;
      (option === 'ruleremovetargetbytag' ? tx.removedTargetsByTag : tx.removedTargetsByMsg).push({ text, exclusion: ex });
      tx.targetRemovals++;
      tx.removalSignature += `${option}\u0001${value}\u0002`;
      return;
    }
    case 'requestbodyprocessor':
      tx.settings.requestBodyProcessor = value.toUpperCase();
      tx.scalars.set('REQBODY_PROCESSOR', tx.settings.requestBodyProcessor);
      return;
    case 'forcerequestbodyvariable': {
      const b = onOff(value);
      if (b !== null) tx.settings.forceRequestBodyVariable = b;
      return;
    }
    case 'requestbodyaccess': {
      const b = onOff(value);
      if (b !== null) tx.settings.requestBodyAccess = b;
      return;
    }
    case 'responsebodyaccess': {
      const b = onOff(value);
      if (b !== null) tx.settings.responseBodyAccess = b;
      return;
    }
    case 'requestbodylimit':
      if (/^\d+$/.test(value)) tx.settings.requestBodyLimit = Number(value);
      return;
    case 'responsebodylimit':
      if (/^\d+$/.test(value)) tx.settings.responseBodyLimit = Number(value);
      return;
    default:
      // auditEngine, auditLogParts, debugLogLevel, hash*: accepted, no effect here.
      return;
  }
}

function splitOnce(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}
