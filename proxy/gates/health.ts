import { CONTINUE, Counters, reply, type Decision, type Gate } from '../chain.ts';
import type { OriginPool } from '../origin-pool.ts';

/**
 * Refuses at once when no origin (primary or backup) is healthy, instead of letting the request
 * wait on connects that will fail. Probing, ejection and draining live in origin-pool.ts and
 * health-check.ts; this gate is the chain's view of them.
 */
export class HealthGate implements Gate {
  readonly name = 'health';
  readonly counters = new Counters();

  constructor(private readonly pool: OriginPool) {}

  onRequest(): Decision {
    if (this.pool.available()) return CONTINUE;
    this.counters.inc('noOrigin');
    return reply(503, 'health: no healthy origin', { 'retry-after': '5' });
  }

  stats(): Record<string, number> {
    return { ...this.counters.snapshot(), ...this.pool.stats() };
  }
}
