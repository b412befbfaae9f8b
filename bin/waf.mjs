#!/usr/bin/env node
// The CLI is written in TypeScript and run through tsx's loader, so there is no build step
// between a checkout and a working `waf`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv);
