/**
 * src/interrupt.ts watchSignals with real signals sent to this test process: the first stops the
 * run (its AbortSignal), signals that arrive together are one stop (`timeout` signals the whole
 * process group while npm forwards the same signal, and the bin's parent watch adds a SIGTERM when
 * npm's shell dies), and only a signal SECOND_SIGNAL_AFTER_MS after the first exits at once.
 * process.exit is stubbed, so nothing exits. The clock the watch reads (performance.now) is the
 * test's: "together" and "later" are set, not waited for, and each signal is waited for until its
 * handler ran, so that a loaded machine, slow to deliver them, reads the same.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { earlySignals, SECOND_SIGNAL_AFTER_MS, watchSignals, type SignalWatch } from '../../src/interrupt.ts';

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

describe('watchSignals', () => {
  let watch: SignalWatch | undefined;
  /** The signals this test's own listeners saw; added after the watch's, they run after its handlers. */
  const seen: string[] = [];
  const note = (s: string): void => {
    seen.push(s);
  };
  afterEach(() => {
    watch?.dispose();
    for (const s of SIGNALS) process.off(s, note);
    seen.length = 0;
    vi.restoreAllMocks();
    earlySignals().received = undefined;
  });

  /** Wait until `n` signals in all were handled (their delivery takes what it takes). */
  const handled = async (n: number): Promise<void> => {
    while (seen.length < n) await new Promise((res) => setTimeout(res, 5));
  };

  it('signals that arrive together are one stop; a later one exits at once with its code', { timeout: 30_000 }, async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    let now = 1_000_000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    watch = watchSignals();
    for (const s of SIGNALS) process.on(s, note);
    process.kill(process.pid, 'SIGTERM');
    await handled(1);
    expect(watch.signal.aborted).toBe(true);
    expect(watch.received).toBe('SIGTERM');
    // the same stop, as npm forwards it and the parent watch repeats it (at the same instant, and just
    // before SECOND_SIGNAL_AFTER_MS)
    process.kill(process.pid, 'SIGTERM');
    process.kill(process.pid, 'SIGHUP');
    await handled(3);
    now += SECOND_SIGNAL_AFTER_MS - 1;
    process.kill(process.pid, 'SIGHUP');
    await handled(4);
    expect(exit).not.toHaveBeenCalled();
    // the bin's parent watch reads that a stop is under way
    expect(earlySignals().received).toBe('SIGTERM');
    now += 1;
    process.kill(process.pid, 'SIGINT');
    await handled(5);
    expect(exit).toHaveBeenCalledWith(130);
  });
});
