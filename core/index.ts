export * from './span.ts';
export * from './codes.ts';
export * from './diagnostic.ts';
export * from './errors.ts';
export * from './format.ts';
export * from './registry.ts';
export * from './suggest.ts';
