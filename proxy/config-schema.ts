/**
 * JSON Schema of the proxy's YAML configuration. Ajv fills in the defaults (useDefaults), so
 * the whole shape below is what a loaded config always has; `config.ts` holds the matching type.
 */
const mode = { enum: ['enforce', 'shadow'], default: 'enforce' } as const;
const ms = (d: number) => ({ type: 'integer', minimum: 0, default: d }) as const;
const str = { type: 'string', minLength: 1 } as const;

export const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    listen: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: { host: { ...str, default: '127.0.0.1' }, port: { type: 'integer', minimum: 0, maximum: 65535, default: 8080 } },
    },
    admin: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: { host: { ...str, default: '127.0.0.1' }, port: { type: 'integer', minimum: 0, maximum: 65535, default: 9901 }, enabled: { type: 'boolean', default: true } },
    },
    tls: {
      type: 'object',
      additionalProperties: false,
      required: ['cert', 'key'],
      properties: {
        cert: str,
        key: str,
        /** Client certificates: SPIFFE trust domains, each with its CA bundle. */
        trustDomains: {
          type: 'array',
          default: [],
          items: { type: 'object', additionalProperties: false, required: ['name', 'bundle'], properties: { name: str, bundle: str } },
        },
        crls: { type: 'array', items: str, default: [] },
        /** Refuse requests without a valid client SVID (otherwise they reach routes with no allow-list). */
        requireClientCert: { type: 'boolean', default: true },
        /** How often certificate, key, bundle and CRL files are checked for changes (0: only on SIGHUP). */
        reloadIntervalMs: ms(5000),
      },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        maxHeaderBytes: { type: 'integer', minimum: 1024, default: 16384 },
        /** Header lines beyond this are refused with 431 (node:http would silently drop them). */
        maxHeaderCount: { type: 'integer', minimum: 8, default: 100 },
        /** The request body inspection limit: bodies up to it are held for the WAF. */
        maxBodyBytes: { type: 'integer', minimum: 0, default: 1048576 },
        /**
         * Over maxBodyBytes: Reject answers 413; ProcessPartial inspects the first maxBodyBytes and
         * streams the rest to the origin uninspected (ModSecurity's SecRequestBodyLimitAction).
         */
        requestBodyLimitAction: { enum: ['Reject', 'ProcessPartial'], default: 'Reject' },
        /** gzip, deflate and br request bodies are inspected decompressed (else refused with 415). */
        decompress: { type: 'boolean', default: true },
        /** Response bytes held for the response gates (WAF rules, cache); the rest streams through. */
        maxResponseBytes: { type: 'integer', minimum: 0, default: 1048576 },
        headersTimeoutMs: ms(10000),
        requestTimeoutMs: ms(30000),
        keepAliveTimeoutMs: ms(5000),
        /** Open client connections at most (node:http closes new ones beyond it); 0: no limit. */
        maxConnections: { type: 'integer', minimum: 0, default: 10000 },
      },
    },
    upstream: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        connectTimeoutMs: ms(2000),
        headersTimeoutMs: ms(30000),
        bodyTimeoutMs: ms(30000),
        connectionsPerOrigin: { type: 'integer', minimum: 1, default: 128 },
        /** Extra attempts on another origin for idempotent requests that failed before a byte was sent. */
        retries: { type: 'integer', minimum: 0, maximum: 5, default: 1 },
      },
    },
    origins: {
      type: 'array',
      default: [],
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['url'],
        properties: { name: str, url: { type: 'string', pattern: '^https?://' }, backup: { type: 'boolean', default: false } },
      },
    },
    /** With no origins, serve the built-in demo origin (what `npm start` does). */
    demoOrigin: { type: 'boolean', default: true },
    health: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        type: { enum: ['http', 'tcp', 'none'], default: 'http' },
        path: { ...str, default: '/health' },
        intervalMs: { type: 'integer', minimum: 50, default: 5000 },
        timeoutMs: { type: 'integer', minimum: 10, default: 1000 },
        healthyThreshold: { type: 'integer', minimum: 1, default: 2 },
        unhealthyThreshold: { type: 'integer', minimum: 1, default: 2 },
        jitter: { type: 'number', minimum: 0, maximum: 1, default: 0.1 },
        consecutive5xx: { type: 'integer', minimum: 1, default: 5 },
        consecutiveConnectErrors: { type: 'integer', minimum: 1, default: 2 },
      },
    },
    drainTimeoutMs: ms(30000),
    clientKey: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        /** Header carrying the client address, believed only from `trustedHops`. */
        header: { type: 'string', default: '' },
        trustedHops: { type: 'array', items: str, default: [] },
      },
    },
    gates: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        order: {
          type: 'array',
          uniqueItems: true,
          items: { enum: ['mtls', 'ratelimit', 'waf', 'behaviour', 'cache', 'concurrency', 'health'] },
          // Shedding (rate, concurrency) comes before the WAF, the costliest gate, so that a flood
          // is refused for microseconds each; behaviour before concurrency, which uses its verdict.
          default: ['mtls', 'ratelimit', 'behaviour', 'concurrency', 'waf', 'cache', 'health'],
        },
        mtls: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            mode,
            /** Longest matching prefix wins; a route without `allow` admits any valid SVID. */
            routes: {
              type: 'array',
              default: [],
              items: { type: 'object', additionalProperties: false, required: ['prefix'], properties: { prefix: str, allow: { type: 'array', items: str } } },
            },
          },
        },
        ratelimit: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            enabled: { type: 'boolean', default: true },
            mode,
            capacity: { type: 'integer', minimum: 1, default: 20 },
            refillPerSecond: { type: 'number', exclusiveMinimum: 0, default: 10 },
            jitter: { type: 'number', minimum: 0, maximum: 0.5, default: 0.1 },
            maxClients: { type: 'integer', minimum: 1, default: 1000000 },
            store: { enum: ['memory', 'redis'], default: 'memory' },
            redisUrl: { type: 'string', default: 'redis://127.0.0.1:6379' },
            redisPrefix: { type: 'string', default: 'waf:rl:' },
          },
        },
        concurrency: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            enabled: { type: 'boolean', default: true },
            mode,
            algorithm: { enum: ['gradient', 'static'], default: 'gradient' },
            initialLimit: { type: 'integer', minimum: 1, default: 32 },
            minLimit: { type: 'integer', minimum: 1, default: 4 },
            maxLimit: { type: 'integer', minimum: 1, default: 256 },
            /** Share of the limit only established clients may use, so newcomers cannot starve them. */
            reserve: { type: 'number', minimum: 0, maximum: 0.9, default: 0.2 },
            tolerance: { type: 'number', minimum: 1, default: 1.5 },
            smoothing: { type: 'number', exclusiveMinimum: 0, maximum: 1, default: 0.2 },
            longWindow: { type: 'integer', minimum: 10, default: 600 },
          },
        },
        waf: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            enabled: { type: 'boolean', default: true },
            mode,
            /** Rule files or directories; a CRS checkout is recognised by crs-setup.conf.example. */
            rules: { type: 'array', items: str, default: [] },
            paranoia: { type: 'integer', minimum: 1, maximum: 4, default: 1 },
            engine: { enum: ['On', 'DetectionOnly', 'Off'], default: 'On' },
            responseBody: { type: 'boolean', default: true },
          },
        },
        behaviour: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            enabled: { type: 'boolean', default: true },
            mode,
            action: { enum: ['log', 'block'], default: 'log' },
            rateFactor: { type: 'number', minimum: 2, default: 10 },
            score: { type: 'integer', minimum: 0, default: 5 },
            blockThreshold: { type: 'integer', minimum: 1, default: 5 },
            establishedAfterRequests: { type: 'integer', minimum: 1, default: 20 },
            establishedAfterMs: ms(30000),
            maxClients: { type: 'integer', minimum: 1, default: 200000 },
          },
        },
        cache: {
          type: 'object',
          additionalProperties: false,
          default: {},
          properties: {
            enabled: { type: 'boolean', default: true },
            mode,
            maxBytes: { type: 'integer', minimum: 0, default: 67108864 },
            maxEntryBytes: { type: 'integer', minimum: 0, default: 1048576 },
          },
        },
      },
    },
    log: {
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        /** stdout, stderr, a file path, or '' for none. */
        access: { type: 'string', default: 'stdout' },
        audit: { type: 'string', default: 'stdout' },
        level: { enum: ['debug', 'info', 'warn', 'error'], default: 'info' },
        /** Log each request's path through every gate; `x-waf-trace: 1` asks for it per request from loopback. */
        trace: { type: 'boolean', default: false },
      },
    },
  },
} as const;
