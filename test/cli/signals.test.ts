/**
 * src/interrupt.ts watchSignals with real signals sent to this test process: the first stops the
 * run (its AbortSignal), signals that arrive together are one stop (`timeout` signals the whole
 * process group while npm forwards the same signal, and the bin's parent watch adds a SIGTERM when
 * npm's shell dies), and only a signal SECOND_SIGNAL_AFTER_MS after the first exits at once.
 * process.exit is stubbed, so nothing exits.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { earlySignals, SECOND_SIGNAL_AFTER_MS, watchSignals, type SignalWatch } from '../../src/interrupt.ts';

/** Let the signal's handler run. */
const tick = () => new Promise((res) => setTimeout(res, 50));

describe('watchSignals', () => {
  let watch: SignalWatch | undefined;
  afterEach(() => {
    watch?.dispose();
    vi.restoreAllMocks();
    earlySignals().received = undefined;
  });

  it('signals that arrive together are one stop; a later one exits at once with its code', { timeout: 10_000 }, async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    watch = watchSignals();
    process.kill(process.pid, 'SIGTERM');
    await tick();
    expect(watch.signal.aborted).toBe(true);
    expect(watch.received).toBe('SIGTERM');
    // the same stop, as npm forwards it and the parent watch repeats it
    process.kill(process.pid, 'SIGTERM');
    process.kill(process.pid, 'SIGHUP');
    await tick();
    expect(exit).not.toHaveBeenCalled();
    // the bin's parent watch reads that a stop is under way
    expect(earlySignals().received).toBe('SIGTERM');
    await new Promise((res) => setTimeout(res, SECOND_SIGNAL_AFTER_MS));
    process.kill(process.pid, 'SIGINT');
    await tick();
    expect(exit).toHaveBeenCalledWith(130);
  });
});
