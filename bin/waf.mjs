#!/usr/bin/env node
// The CLI is written in TypeScript and run through tsx's loader, so there is no build step
// between a checkout and a working `waf`.
import { setFlagsFromString } from 'node:v8';
import { register } from 'tsx/esm/api';

register();
// Before any rule is compiled or request seen: see cli/node-flags.ts for why.
const { RUNTIME_SETTABLE_FLAGS } = await import('../cli/node-flags.ts');
for (const flag of RUNTIME_SETTABLE_FLAGS) setFlagsFromString(flag);
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv);
