import type { SeededRandom } from './random';
import type { FaultKind, FaultSpec, ServiceName } from './types';

interface ArmedFault extends FaultSpec {
  remaining: number;
}

/** Injected failures: the first armed fault matching a call fires (probability drawn from the seed). */
export class Faults {
  private faults: ArmedFault[] = [];

  constructor(private readonly random: SeededRandom) {}

  add(spec: FaultSpec): void {
    this.faults.push({ ...spec, remaining: spec.times ?? Number.POSITIVE_INFINITY });
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault that hits this call, if any (and counts it). */
  draw(call: {
    service: ServiceName;
    operation: string;
    account: string;
    region: string;
  }): FaultKind | undefined {
    for (const fault of this.faults) {
      if (fault.remaining <= 0) continue;
      if (fault.service !== undefined && fault.service !== call.service) continue;
      if (fault.operation !== undefined && fault.operation !== call.operation) continue;
      if (fault.account !== undefined && fault.account !== call.account) continue;
      if (fault.region !== undefined && fault.region !== call.region) continue;
      if (fault.probability !== undefined && this.random.next() >= fault.probability) continue;
      fault.remaining -= 1;
      return fault.kind;
    }
    return undefined;
  }
}

/** Per-call delay on real timers (benchmarks): one figure for all services, or per service. */
export class Latency {
  private setting: number | Partial<Record<string, number>> = 0;

  set(ms: number | { [service: string]: number }): void {
    this.setting = ms;
  }

  async wait(service: ServiceName): Promise<void> {
    const ms = typeof this.setting === 'number' ? this.setting : (this.setting[service] ?? 0);
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }
}
