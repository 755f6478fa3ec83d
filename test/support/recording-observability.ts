// Metrics and logger doubles for the responder: they record instead of printing EMF and JSON lines.
import type { GenericLogger } from '@aws-lambda-powertools/commons/types';
import type { DimensionedMetric, MetricsSink } from '../../lambda/middleware/emit-metrics.ts';

export interface RecordedMetric {
  readonly name: string;
  readonly unit: string;
  readonly value: number;
  readonly dimensions: Readonly<Record<string, string>>;
}

export class RecordingMetrics implements MetricsSink {
  readonly recorded: RecordedMetric[] = [];

  addMetric(name: string, unit: 'Count' | 'Milliseconds', value: number): void {
    this.recorded.push({ name, unit, value, dimensions: {} });
  }

  singleMetric(): DimensionedMetric {
    const dimensions: Record<string, string> = {};
    return {
      addDimension: (name: string, value: string) => {
        dimensions[name] = value;
      },
      addMetric: (name: string, unit: 'Count' | 'Milliseconds', value: number) => {
        this.recorded.push({ name, unit, value, dimensions: { ...dimensions } });
      },
    };
  }

  named(name: string): RecordedMetric[] {
    return this.recorded.filter((metric) => metric.name === name);
  }
}

export class RecordingLogger implements GenericLogger {
  readonly lines: { level: string; message: string; extra: unknown[] }[] = [];
  trace = (message: string, ...extra: unknown[]) => this.push('trace', message, extra);
  debug = (message: string, ...extra: unknown[]) => this.push('debug', message, extra);
  info = (message: string, ...extra: unknown[]) => this.push('info', message, extra);
  warn = (message: string, ...extra: unknown[]) => this.push('warn', message, extra);
  error = (message: string, ...extra: unknown[]) => this.push('error', message, extra);
  private push(level: string, message: string, extra: unknown[]): void {
    this.lines.push({ level, message, extra });
  }
}
