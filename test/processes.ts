/**
 * The processes of this machine whose command line holds a marker, read from /proc: what the
 * tests that check "no process is left" look for. Not `ps -eo pid,args`: its width follows
 * COLUMNS, and with COLUMNS=80 (a terminal's, or a CI runner's environment) every line is cut at
 * 80 characters, the marker (a temporary directory near the line's end) is cut off, and a check
 * that none is left passes whether or not one is.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** `pid args` of each live process whose command line (its arguments joined by spaces) contains `marker`; never this process. */
export function processesMatching(marker: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${name}/cmdline`, 'latin1');
    } catch {
      continue; // gone meanwhile
    }
    // a zombie's (exited, not yet reaped) is empty: it runs nothing
    const args = cmdline.replace(/\0+$/, '').split('\0').join(' ');
    if (args.includes(marker)) found.push(`${name} ${args}`);
  }
  return found;
}
