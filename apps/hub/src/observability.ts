/**
 * Powertools wiring: JSON logs (Logger) and CloudWatch EMF metrics (Metrics), adapted to the
 * engine's logging and metrics ports.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EngineLogger, MetricPoint, MetricsSink } from '@guardrail/engine';
import type { HubConfig } from './config';

export function createLogger(config: Pick<HubConfig, 'serviceName'>): Logger {
  return new Logger({ serviceName: config.serviceName });
}

export function createMetrics(config: Pick<HubConfig, 'serviceName' | 'metricsNamespace'>): Metrics {
  return new Metrics({ namespace: config.metricsNamespace, serviceName: config.serviceName });
}

/** The engine's logger port over a Powertools Logger: each attribute set becomes top-level JSON keys. */
export function engineLogger(logger: Logger): EngineLogger {
  return {
    debug: (message, attributes) => (attributes ? logger.debug(message, attributes) : logger.debug(message)),
    info: (message, attributes) => (attributes ? logger.info(message, attributes) : logger.info(message)),
    warn: (message, attributes) => (attributes ? logger.warn(message, attributes) : logger.warn(message)),
    error: (message, attributes) => (attributes ? logger.error(message, attributes) : logger.error(message)),
  };
}

/**
 * Collects the engine's points during one invocation and writes them as EMF at the end: counts
 * with the same name and dimensions are summed, durations kept as value lists. A point with its
 * own dimensions (outcome, reason) goes out as a single metric with those dimensions.
 */
export class EmfMetricsSink implements MetricsSink {
  private readonly pending = new Map<string, { point: MetricPoint; values: number[] }>();

  constructor(private readonly metrics: Metrics) {}

  record(point: MetricPoint): void {
    const key = `${point.name}|${point.unit}|${JSON.stringify(Object.entries(point.dimensions ?? {}).sort())}`;
    const entry = this.pending.get(key);
    if (!entry) this.pending.set(key, { point, values: [point.value] });
    else if (point.unit === 'Count') entry.values[0] = (entry.values[0] ?? 0) + point.value;
    else entry.values.push(point.value);
  }

  flush(): void {
    let stored = false;
    for (const { point, values } of this.pending.values()) {
      const unit = point.unit === 'Count' ? MetricUnit.Count : MetricUnit.Milliseconds;
      if (point.dimensions && Object.keys(point.dimensions).length > 0) {
        const single = this.metrics.singleMetric();
        single.addDimensions(point.dimensions);
        // A single metric is written on its first addMetric: one value (the sum, or the worst latency).
        single.addMetric(point.name, unit, point.unit === 'Count' ? (values[0] ?? 0) : Math.max(...values));
      } else {
        for (const value of values) this.metrics.addMetric(point.name, unit, value);
        stored = true;
      }
    }
    this.pending.clear();
    // Publishing nothing makes Powertools print a plain-text warning into the JSON log stream.
    if (stored) this.metrics.publishStoredMetrics();
  }
}
