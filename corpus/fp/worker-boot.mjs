// Worker entry: registers tsx's loader inside the worker thread (execArgv `--import tsx` is not
// applied when the parent itself runs under tsx or vitest), then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
