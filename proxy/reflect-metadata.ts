/**
 * A minimal stand-in for the `reflect-metadata` polyfill. @peculiar/x509 (CRL parsing here,
 * certificate generation in tests) loads tsyringe, which refuses to start without
 * Reflect.getMetadata; no polyfill package is installed in this project, so this supplies the
 * four functions tsyringe and tslib's __metadata call, and nothing else. Import it before
 * @peculiar/x509. Replace with `import 'reflect-metadata'` if that package is ever added.
 */
type Key = string | symbol;
type Target = object;

const store = new WeakMap<Target, Map<Key | undefined, Map<unknown, unknown>>>();

function own(target: Target, prop: Key | undefined, create: boolean): Map<unknown, unknown> | undefined {
  let byProp = store.get(target);
  if (!byProp) {
    if (!create) return undefined;
    byProp = new Map();
    store.set(target, byProp);
  }
  let m = byProp.get(prop);
  if (!m && create) {
    m = new Map();
    byProp.set(prop, m);
  }
  return m;
}

interface MetadataReflect {
  defineMetadata(key: unknown, value: unknown, target: Target, prop?: Key): void;
  getOwnMetadata(key: unknown, target: Target, prop?: Key): unknown;
  getMetadata(key: unknown, target: Target, prop?: Key): unknown;
  metadata(key: unknown, value: unknown): (target: Target, prop?: Key) => void;
}

const R = Reflect as unknown as Partial<MetadataReflect>;
if (typeof R.getMetadata !== 'function') {
  R.defineMetadata = (key, value, target, prop) => void own(target, prop, true)!.set(key, value);
  R.getOwnMetadata = (key, target, prop) => own(target, prop, false)?.get(key);
  R.getMetadata = (key, target, prop) => {
    for (let t: Target | null = target; t; t = Object.getPrototypeOf(t) as Target | null) {
      const m = own(t, prop, false);
      if (m?.has(key)) return m.get(key);
    }
    return undefined;
  };
  R.metadata = (key, value) => (target, prop) => R.defineMetadata!(key, value, target, prop);
}

export {};
