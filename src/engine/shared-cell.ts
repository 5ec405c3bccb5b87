// A single-cell formula that shares requests with the cells beside it. When a formula is dragged
// down a column, Sheets runs every cell as its own execution, up to 30 at once. The first of them
// to miss the cache reads the same formula's neighbouring rows (read-only, through `Share`),
// claims the answers nobody has yet (claims.ts), and asks for all of them in one wave of batched
// requests; the others find their answer in the cache, or wait for the claim that covers it. A
// claim whose execution died ends after CLAIM_HOLD_MS and is taken over; no cell waits past its
// own deadline, and a claimed answer is never asked for twice while its claim holds.
import { lookupAnswers } from '../cache/answer-cache';
import { UserError } from '../i18n/messages';
import type { Asking } from './asking';
import type { MessageKey, MessageParams } from '../i18n/messages';
import {
  CLAIM_FAILURES,
  CLAIM_HOLD_MS,
  CLAIM_SEND_MS,
  CLAIMS_MIRROR,
  claimCovering,
  claimId,
  failureCovering,
  parseFailures,
  parseMirror,
  type Claim,
} from './claims';
import { MAX_INPUT_CHARS } from './batch';

export interface Share {
  /**
   * The texts of the cells near the calling one that hold the same formula (same task, same
   * settings), in the order they should be asked about, looking about `waveRows` rows each way
   * (one wave of requests). Read only when the cell's own answer is not cached.
   */
  neighbours(waveRows: number): string[];
}

/** How often a waiting cell looks for its answer. */
const POLL_MS = 250;
/** A waiting cell stops waiting this long before its deadline (enough to say so in time). */
const STOP_WAITING_BEFORE_DEADLINE_MS = 6000;
/** A claim's lock wait is short: a busy lock usually means another cell is claiming this one's row. */
const CLAIM_LOCK_WAIT_MS = 300;
/** The lock may stay busy this close to the deadline, then the cell says so. */
const LAST_LOCK_ATTEMPT_MS = 4000;
const OWN = 0;

/** `answered`: the cell has its outcome (an answer, or a failure shared by its claimer). */
type Waited = { answered: true } | { late: true } | { claims: Claim[] };

export function shareCell(
  asking: Asking,
  read: Record<string, string>,
  share: Share,
  keyOf: (text: string) => string,
): void {
  const { clock } = asking.deps;
  const deadline = asking.params.deadline;
  const ownId = claimId(asking.keys[OWN]);
  let claims = parseMirror(read[CLAIMS_MIRROR]);
  let candidates: number[] | undefined;
  if (tookSharedFailure(asking, read[CLAIM_FAILURES])) return;
  for (;;) {
    const covering = claimCovering(claims, ownId, clock.now());
    if (covering) {
      const waited = waitForClaim(asking, covering, covering.keys.length > 1);
      if ('answered' in waited) return;
      if ('late' in waited) {
        asking.outcomes.set(OWN, { ok: false, error: 'unfinished' });
        return;
      }
      claims = waited.claims;
      continue;
    }
    candidates ??= neighbourPositions(asking, share, keyOf);
    const now = clock.now();
    const result = asking.askClaimed(
      OWN,
      candidates,
      now + CLAIM_HOLD_MS,
      now + CLAIM_SEND_MS,
      CLAIM_LOCK_WAIT_MS,
    );
    if ('asked' in result) return;
    if ('taken' in result) {
      claims = [result.taken];
      continue;
    }
    if (clock.now() > deadline - LAST_LOCK_ATTEMPT_MS) {
      asking.outcomes.set(OWN, { ok: false, error: new UserError('lock_busy') });
      return;
    }
    claims = readMirror(asking);
  }
}

/** The neighbours' texts appended to the asking's (their answers are looked up under the lock). */
function neighbourPositions(asking: Asking, share: Share, keyOf: (text: string) => string): number[] {
  const own = asking.texts[OWN];
  const texts = [...new Set(share.neighbours(asking.waveRows()))]
    .filter((t) => t !== '' && t !== own && t.length <= MAX_INPUT_CHARS)
    .slice(0, 2 * asking.waveRows());
  return asking.add(texts, texts.map(keyOf));
}

/**
 * Polls the cache for this cell's answer while `claim` holds. A mirrored claim that leaves the
 * mirror was released (its claimer committed, with or without this answer).
 */
function waitForClaim(asking: Asking, claim: Claim, mirrored: boolean): Waited {
  const { clock, cache } = asking.deps;
  const limit = asking.params.deadline - STOP_WAITING_BEFORE_DEADLINE_MS;
  const ownKey = asking.keys[OWN];
  for (;;) {
    const now = clock.now();
    if (now >= claim.until) return { claims: [] };
    if (now >= limit) return { late: true };
    clock.sleep(Math.min(POLL_MS, claim.until - now, limit - now));
    const looked = lookupAnswers(
      cache,
      () => new Map(),
      [ownKey],
      asking.epoch,
      mirrored ? [CLAIMS_MIRROR] : [],
    );
    const answer = looked.answers.get(ownKey);
    if (answer !== undefined) {
      asking.outcomes.set(OWN, { ok: true, answer });
      return { answered: true };
    }
    // No mirror at all (evicted, or not written yet): nothing says the claim was released.
    if (!mirrored || looked.also[CLAIMS_MIRROR] === undefined) continue;
    const claims = parseMirror(looked.also[CLAIMS_MIRROR]);
    if (!claims.some((c) => c.id === claim.id)) return { claims };
  }
}

/** A shared claim covering this cell just failed for every cell: its failure is this cell's too. */
function tookSharedFailure(asking: Asking, raw: string | undefined): boolean {
  const failure = failureCovering(parseFailures(raw), claimId(asking.keys[OWN]), asking.deps.clock.now());
  if (!failure) return false;
  const { key, params } = failure.error;
  asking.outcomes.set(OWN, { ok: false, error: new UserError(key as MessageKey, params as MessageParams) });
  return true;
}

function readMirror(asking: Asking): Claim[] {
  return parseMirror(asking.deps.cache.getAll([CLAIMS_MIRROR])[CLAIMS_MIRROR]);
}
