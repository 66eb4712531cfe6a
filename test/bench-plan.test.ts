import { describe, expect, it } from 'vitest';
import { BENCH_SECTIONS, benchPlan } from '../load/bench/bench-plan.js';
import { ROOM_HOSTS } from '../load/generator/load-options.js';

const everything = { sections: BENCH_SECTIONS, hosts: ROOM_HOSTS };

describe('benchPlan', () => {
  it('scales light 2-bot games up to 300 and runs 50 games of 4 bots, on every host chosen', () => {
    const plan = benchPlan({ quick: false, ...everything });
    const scale = plan.scenarios.filter((scenario) => scenario.section === 'scale');
    expect(scale.map((scenario) => [scenario.key, scenario.load])).toEqual(
      [10, 50, 100, 200, 300].map((games) => [`scale-${games}`, { games, players: 2, workMs: { min: 0.2, max: 0.2 } }]),
    );
    expect(scale.every((scenario) => scenario.hosts === ROOM_HOSTS)).toBe(true);
    expect(scale.map((scenario) => [scenario.title, scenario.label])).toEqual(
      [10, 50, 100, 200, 300].map((games) => [`${games} games x 2 bots, work 0.2 ms`, `scale ${games}`]),
    );
    expect(plan.scenarios.filter((scenario) => scenario.section === 'heavy').map((scenario) => [scenario.key, scenario.title, scenario.label, scenario.load])).toEqual(
      [5, 10, 20].map((games) => [`heavy-${games}`, `${games} games x 2 bots, work 10 ms`, `heavy ${games}`, { games, players: 2, workMs: { min: 10, max: 10 } }]),
    );
    expect(plan.scenarios.filter((scenario) => scenario.section === 'scale4')).toEqual([
      {
        section: 'scale4',
        key: 'scale4-50',
        title: '50 games x 4 bots, work 0.2 ms',
        label: 'scale4 50',
        hosts: ROOM_HOSTS,
        load: { games: 50, players: 4, workMs: { min: 0.2, max: 0.2 } },
      },
    ]);
  });

  it('bursts 300 creates on every host and measures 100 bare children for 15 s as the floor', () => {
    const plan = benchPlan({ quick: false, ...everything });
    expect(plan.burst).toEqual({ games: 300, hosts: ROOM_HOSTS, deadlineSeconds: 30 });
    expect(plan.floor).toEqual({ children: 100, settleSeconds: 3, windowSeconds: 15 });
  });

  it('sizes every new section down under --quick', () => {
    const plan = benchPlan({ quick: true, ...everything });
    expect(plan.scenarios.filter((scenario) => scenario.section === 'scale').map((scenario) => scenario.key)).toEqual(['scale-10', 'scale-20']);
    expect(plan.scenarios.filter((scenario) => scenario.section === 'scale4').map((scenario) => [scenario.key, scenario.load.games])).toEqual([['scale4-5', 5]]);
    expect(plan.burst).toEqual({ games: 20, hosts: ROOM_HOSTS, deadlineSeconds: 20 });
    expect(plan.floor).toEqual({ children: 10, settleSeconds: 2, windowSeconds: 4 });
  });

  it('runs only the sections asked for, on the hosts asked for', () => {
    const plan = benchPlan({ quick: false, sections: ['burst'], hosts: ['process'] });
    expect(plan).toEqual({ scenarios: [], capacity: null, burst: { games: 300, hosts: ['process'], deadlineSeconds: 30 }, floor: null });
    expect(benchPlan({ quick: false, sections: ['floor'], hosts: ['inline'] }).floor).toEqual({ children: 100, settleSeconds: 3, windowSeconds: 15 });
  });
});
