/**
 * `blend-harness merge DIR...`: the reports of `run --shard k/n` merged into one report, judged by
 * one run's minimum-exercise rule.
 */
import { getProfile } from '../../../spec/profiles.ts';
import { DEFAULT_EXERCISE_RULE, DEFAULT_RULE_TEXT, judge, notExercised } from '../../exercise.ts';
import { mergeReports } from '../../report/merge.ts';
import { renderRegressionTest, writeReports } from '../../report/write.ts';
import { fileRefusal, MIN_EXERCISE, type CommandDef, type Flag } from '../options.ts';
import { exerciseRuleOf, outputDir, UsageError, verdictExit, type CliIo, type Values } from '../shared.ts';

const MERGE_USAGE = 'blend-harness merge DIR... [--out DIR] [--min-exercise N]';

const FLAGS: readonly Flag[] = [
  {
    name: 'out',
    value: 'DIR',
    does: 'the directory of the merged reports (report.json, report.md, junit.xml, report.html), created when missing; checked before anything is read',
    default: 'reports/merged',
  },
  {
    ...MIN_EXERCISE,
    does: `${MIN_EXERCISE.does}; judged on the merged counts (shards that each fell short may together meet it)`,
    default: DEFAULT_RULE_TEXT,
  },
];

export const MERGE: CommandDef = {
  name: 'merge',
  summary: 'merge the reports of run --shard K/N into one report',
  description:
    "Merges the report directories of the shards of one run (run --shard K/N, same seed, runs and steps) into one report, judged by one run's minimum-exercise rule. Exit 0 pass, 1 a property failed in a shard, 2 bad usage or a bad shard report, 3 a shard's fault or a shard that did not complete, 4 insufficient (docs/exit-codes.md).",
  usage: MERGE_USAGE,
  operands: { name: '[dir...]', does: "the report directories of the shards (each holding a run's report.json)" },
  flags: FLAGS,
  refuse: fileRefusal('merge', MERGE_USAGE),
  action: merge,
};

/** `merge DIR... [--out DIR] [--min-exercise N]`: the shard reports of one run merged into one report. */
function merge(values: Values, dirs: readonly string[], io: CliIo): number {
  if (dirs.length === 0) throw new UsageError(`merge: expected the report directories of the shards (usage: ${MERGE_USAGE})`);
  const out = outputDir('out', values.out ?? 'reports/merged');
  const min = values['min-exercise'];
  const rule = min === undefined ? DEFAULT_EXERCISE_RULE : exerciseRuleOf(min);
  const merged = mergeReports(dirs);
  const profile = getProfile(merged.profile)!;
  // the merged counts judged by one run's rule: shards that each fell short may together meet it
  const result = judge(merged, profile, rule);
  writeReports(out, {
    result,
    replay: merged.counterexample
      ? `npx blend-harness run --profile ${merged.profile} --seed ${merged.seed} --path ${merged.counterexample.path}${merged.counterexample.replayPath !== undefined ? ` --replay-path ${merged.counterexample.replayPath}` : ''} --runs ${merged.runs} --steps ${merged.steps}`
      : '',
    regressionTest: renderRegressionTest(merged),
  });
  io.out(
    `merged ${merged.merged.count} shards of profile ${merged.profile}, seed ${merged.seed}: ${merged.totalSteps} steps in ${merged.runsCompleted ?? 0} of ${merged.runs} runs\n`,
  );
  const failed = merged.properties.filter((p) => p.status === 'failed').map((p) => p.id);
  if (result.verdict === 'fault')
    io.out(
      "FAULT: a shard did not complete its runs or raised an error the harness does not understand (see the shards' report.json `fault`)\n",
    );
  if (merged.counterexample) io.out(`FAIL ${merged.counterexample.property}: ${merged.counterexample.message}\n`);
  else if (result.verdict === 'pass') io.out('every property held in every shard, and every applicable property was exercised\n');
  else if (result.verdict === 'insufficient' && failed.length === 0) {
    const idle = notExercised(result);
    io.out(
      `no property failed in any shard, but not everything was exercised${idle.length > 0 ? `: ${idle.length} applicable propert${idle.length === 1 ? 'y' : 'ies'} never checked in any shard (${idle.join(', ')})` : ''}\n`,
    );
  }
  io.out(`reports: ${out}/report.json, report.md, junit.xml, report.html\n`);
  return verdictExit(result, merged.runs, min === undefined ? `the default rule: ${DEFAULT_RULE_TEXT}` : `--min-exercise ${min}`, io);
}
