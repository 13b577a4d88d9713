import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sleep } from './http.ts';
import {
  clockTicksPerSecond,
  parseCpuTicks,
  parseVmBytes,
  processTree,
  readCpuTicks,
  readMachineCpu,
  readVmBytes,
} from './proc.ts';

describe('/proc readers', () => {
  it('parses utime + stime even when the command name has spaces and parentheses', () => {
    const stat = '4242 (node (x) y) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 31 0 0 20 0 11 0 12345 1000 200';
    expect(parseCpuTicks(stat)).toBe(281);
  });

  it('parses Vm lines in bytes', () => {
    const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n';
    expect(parseVmBytes(status, 'VmHWM')).toBe(204800 * 1024);
    expect(parseVmBytes(status, 'VmRSS')).toBe(102400 * 1024);
    expect(parseVmBytes(status, 'VmSwap')).toBeUndefined();
  });

  it('reads this process, and nothing for a process that does not exist', () => {
    const rss = readVmBytes(process.pid, 'VmRSS')!;
    expect(rss).toBeGreaterThan(10 * 1024 * 1024);
    expect(readVmBytes(process.pid, 'VmHWM')).toBeGreaterThanOrEqual(rss);
    expect(readCpuTicks(process.pid)).toBeGreaterThan(0);
    expect(readVmBytes(2 ** 30, 'VmRSS')).toBeUndefined();
    expect(clockTicksPerSecond()).toBeGreaterThan(0);
    const cpu = readMachineCpu();
    expect(cpu.total).toBeGreaterThan(cpu.busy);
  });

  it('finds a child in the process tree', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)'], { stdio: 'ignore' });
    try {
      await sleep(100);
      expect(processTree(process.pid)).toContain(child.pid);
      expect(processTree(child.pid!)).toEqual([child.pid]);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
