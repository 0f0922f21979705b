/**
 * The reference model server (adapters/model/server.ts `worldConfigOf`) builds the world an `init`
 * describes, its world options included: `whale` and `second_reserve` (docs/protocol.md `init`).
 * Before session 16 it dropped both, so `check --impl model --whale on` or `--second-reserve on`
 * diverged at genesis (the harness's model had the option, the server's world had not).
 */
import { describe, expect, it } from 'vitest';
import { worldConfigOf } from '../../adapters/model/server.ts';
import { PROFILES } from '../../spec/profiles.ts';
import { DEFAULT_WORLD } from '../../src/run.ts';
import { createWorld } from '../../src/world/create.ts';
import { worldToState } from '../../src/protocol/state.ts';

const INIT = {
  users: DEFAULT_WORLD.users,
  pools: DEFAULT_WORLD.pools,
  start: DEFAULT_WORLD.start.toString(),
  reward_zone_gap: DEFAULT_WORLD.rewardZoneGap,
};

describe("the model server's init world", () => {
  for (const [name, args, cfg] of [
    ['no option', {}, {}],
    ['whale', { whale: true }, { whale: true }],
    ['second_reserve', { second_reserve: true }, { secondReserve: true }],
    ['both', { whale: true, second_reserve: true }, { whale: true, secondReserve: true }],
  ] as const)
    it(`${name}: the same genesis state as the harness's world`, () => {
      const server = createWorld(PROFILES['blend-v2'], worldConfigOf({ ...INIT, ...args }));
      const harness = createWorld(PROFILES['blend-v2'], { ...DEFAULT_WORLD, ...cfg });
      expect(worldToState(server)).toEqual(worldToState(harness));
    });

  it('an option off is the world without it', () => {
    const off = createWorld(PROFILES['blend-v2'], worldConfigOf({ ...INIT, whale: false, second_reserve: false }));
    expect(worldToState(off)).toEqual(worldToState(createWorld(PROFILES['blend-v2'], DEFAULT_WORLD)));
    expect(worldToState(off)).not.toEqual(worldToState(createWorld(PROFILES['blend-v2'], { ...DEFAULT_WORLD, secondReserve: true })));
  });
});
