// What the figures were measured on: they only compare with figures from the same machine and run.
import { cpus, freemem, platform, release, totalmem } from 'node:os';

export interface MachineInfo {
  readonly os: string;
  readonly cpuModel: string;
  readonly cpus: number;
  readonly memoryGb: number;
  readonly freeMemoryGb: number;
  readonly node: string;
  readonly v8: string;
  readonly arch: string;
  readonly date: string;
}

export function machineInfo(): MachineInfo {
  const list = cpus();
  return {
    os: `${platform()} ${release()}`,
    cpuModel: list[0]?.model ?? 'unknown',
    cpus: list.length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    freeMemoryGb: Math.round((freemem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    v8: process.versions.v8,
    arch: process.arch,
    date: new Date().toISOString(),
  };
}
