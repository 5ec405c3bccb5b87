// Decides which fault, if any, each chat request gets. Rules are tried in order; the first that
// fires wins. Every rule sees every request, so "every Nth" counts all of them.

import type { FaultKind, FaultRule } from './config';
import { seededRandom } from './random';

interface RuleState {
  rule: FaultRule;
  seen: number;
  fired: number;
}

export class FaultPlanner {
  private states: RuleState[];
  private random: () => number;

  constructor(rules: FaultRule[], seed: number) {
    this.states = rules.map((rule) => ({ rule, seen: 0, fired: 0 }));
    this.random = seededRandom(seed);
  }

  next(): FaultKind | null {
    let chosen: FaultKind | null = null;
    for (const state of this.states) {
      state.seen++;
      const fires = this.fires(state);
      if (fires && chosen === null) {
        state.fired++;
        chosen = state.rule.kind;
      }
    }
    return chosen;
  }

  private fires({ rule, seen, fired }: RuleState): boolean {
    const cap = rule.count ?? (rule.every !== undefined || rule.probability !== undefined ? Infinity : 1);
    if (fired >= cap) return false;
    if (rule.every !== undefined) return seen % rule.every === 0;
    if (rule.probability !== undefined) return this.random() < rule.probability;
    return true;
  }
}
