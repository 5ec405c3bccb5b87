// Decides which fault, if any, each chat request gets. Rules are tried in order; the first that
// fires wins. Every rule sees every request, so "every Nth" counts all of them.

import type { FaultKind, FaultRule } from './config';
import { seededRandom } from './random';

interface RuleState {
  rule: FaultRule;
  seen: number;
  fired: number;
  /** A `forMs` rule: when it first fired. */
  since?: number;
}

export interface PlannedFault {
  kind: FaultKind;
  /** A `forMs` rule: how much of its window is left. */
  leftMs?: number;
}

export class FaultPlanner {
  private states: RuleState[];
  private random: () => number;

  constructor(rules: FaultRule[], seed: number) {
    this.states = rules.map((rule) => ({ rule, seen: 0, fired: 0 }));
    this.random = seededRandom(seed);
  }

  next(now = Date.now()): PlannedFault | null {
    let chosen: PlannedFault | null = null;
    for (const state of this.states) {
      state.seen++;
      const window = this.window(state, now);
      const fires = window ?? this.fires(state);
      if (fires && chosen === null) {
        state.fired++;
        chosen = { kind: state.rule.kind };
        if (state.rule.forMs !== undefined) {
          state.since ??= now;
          chosen.leftMs = state.since + state.rule.forMs - now;
        }
      }
    }
    return chosen;
  }

  /** Inside a `forMs` window every request is refused; past it the rule is spent. */
  private window(state: RuleState, now: number): boolean | null {
    if (state.rule.forMs === undefined || state.since === undefined) return null;
    return now < state.since + state.rule.forMs;
  }

  private fires({ rule, seen, fired }: RuleState): boolean {
    const cap = rule.count ?? (rule.every !== undefined || rule.probability !== undefined ? Infinity : 1);
    if (fired >= cap) return false;
    if (rule.every !== undefined) return seen % rule.every === 0;
    if (rule.probability !== undefined) return this.random() < rule.probability;
    return true;
  }
}
