package io.kaizen.backup.report;

import io.kaizen.backup.store.LastRun;
import io.kaizen.backup.store.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one rule for whether a store is healthy, used by {@code status}, the metrics, the fleet report and the
 * collector's view of a node. Pure: a function of the store's complete copies, its last run, the time and the
 * freshness limit.
 *
 * <p>The reasons, in this order: no good copy (no copy whose run succeeded, with or without warnings); stale
 * (the newest good copy finished more than max-age before now); the last run failed; the last run's record is
 * unreadable; the newest copy failed (reported only when the last run does not already say so, and a good copy
 * exists); tier 3 behind (a replicated store's copies wait for tier 3, which last confirmed one more than max-age
 * before now); and, added by {@link HealthCheck} on a collector, the snapshots kept for tier 3 leave too little
 * space for the next collection. The state is the worst reason's: {@link State#MISSING} before {@link State#STALE} before
 * {@link State#FAILED}; {@link State#OK} when there is none.
 *
 * @param newestGood the date of the newest good copy
 * @param age        how long before now the newest good copy finished
 * @param lastRun    the last run, when its record was read
 */
public record StoreHealth(State state, Optional<LocalDate> newestGood, Optional<Duration> age,
                          Optional<LastRun> lastRun, List<Reason> reasons) {
    /** The freshness limit when none is given: a daily run, with two hours to spare. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(26);

    public StoreHealth {
        reasons = List.copyOf(reasons);
    }

    /** A store's state now, best first. */
    public enum State {
        OK, FAILED, STALE, MISSING;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What is wrong, by kind, with the state each kind puts the store in. */
    public enum Kind {
        NO_GOOD_COPY(State.MISSING), STALE(State.STALE), LAST_RUN_FAILED(State.FAILED),
        LAST_RUN_UNREADABLE(State.FAILED), NEWEST_FAILED(State.FAILED), OFFSITE_BEHIND(State.FAILED),
        OFFSITE_SPACE(State.FAILED);

        private final State state;

        Kind(State state) {
            this.state = state;
        }

        public State state() {
            return state;
        }
    }

    /** One thing wrong, and a sentence saying it. */
    public record Reason(Kind kind, String message) {
    }

    /** What the rule needs of one complete copy. */
    public record Copy(LocalDate date, RunStatus status, Instant finished) {
    }

    /** What the rule needs of the last run: its record, or why the record could not be read (neither: never ran). */
    public record LastRunRecord(Optional<LastRun> run, Optional<String> unreadable) {
        public static final LastRunRecord NONE = new LastRunRecord(Optional.empty(), Optional.empty());
    }

    public boolean healthy() {
        return reasons.isEmpty();
    }

    /** True when the newest good copy is older than max-age. */
    public boolean stale() {
        return reasons.stream().anyMatch(r -> r.kind() == Kind.STALE);
    }

    /** The messages of the reasons, in order. */
    public List<String> problems() {
        return reasons.stream().map(Reason::message).toList();
    }

    /**
     * The health of a store whose copies, last run and tier 3's lag are {@code history}'s: with the reasons of
     * {@link #of(List, LastRunRecord, Instant, Duration)}, and, last, tier 3 behind: copies wait for tier 3 and
     * it last confirmed one more than max-age before now, or never.
     */
    public static StoreHealth of(NodeHistory history, Instant now, Duration maxAge) {
        StoreHealth health = of(history.copies().stream().map(c -> new Copy(c.date(), c.status(), c.finished())).toList(),
                new LastRunRecord(history.lastRun(), history.lastRunUnreadable()), now, maxAge);
        return history.offsite().flatMap(lag -> offsiteBehind(lag, now, maxAge)).map(health::with).orElse(health);
    }

    /** This health with {@code reason} added last, and the state the worse of the two. */
    public StoreHealth with(Reason reason) {
        List<Reason> more = new ArrayList<>(reasons);
        more.add(reason);
        State worse = state.compareTo(reason.kind().state()) >= 0 ? state : reason.kind().state();
        return new StoreHealth(worse, newestGood, age, lastRun, more);
    }

    private static Optional<Reason> offsiteBehind(OffsiteLag lag, Instant now, Duration maxAge) {
        if (lag.awaiting() == 0) {
            return Optional.empty();
        }
        Optional<Duration> since = lag.lastConfirmed().map(at -> Duration.between(at, now));
        if (since.isPresent() && since.get().compareTo(maxAge) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Reason(Kind.OFFSITE_BEHIND, "tier 3 is behind: " + lag.awaiting()
                + " snapshot(s) not confirmed (oldest " + lag.oldestAwaiting().orElseThrow() + "), kept until it does; "
                + since.map(d -> "its last success was " + hours(d) + " ago").orElse("it never confirmed one")
                + " (limit " + hours(maxAge) + "): is kaizen replicate running, and tier 3 reachable?"));
    }

    /** The health of a store with these complete copies (in any order) and this last run, at {@code now}. */
    public static StoreHealth of(List<Copy> copies, LastRunRecord lastRun, Instant now, Duration maxAge) {
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("max-age must be positive, got " + maxAge);
        }
        List<Copy> sorted = copies.stream().sorted(Comparator.comparing(Copy::date)).toList();
        Optional<Copy> newest = sorted.stream().reduce((a, b) -> b);
        Optional<Copy> newestGood = sorted.stream().filter(c -> c.status().usable()).reduce((a, b) -> b);
        Optional<Duration> age = newestGood.map(c -> Duration.between(c.finished(), now));
        Optional<LastRun> failedRun = lastRun.run().filter(r -> r.status() == RunStatus.FAILED);
        List<Reason> reasons = new ArrayList<>();
        if (newestGood.isEmpty()) {
            reasons.add(new Reason(Kind.NO_GOOD_COPY, "no good snapshot" + newest.map(n -> " (newest " + n.date()
                    + " is " + n.status().label() + ")").orElse("")));
        } else if (age.get().compareTo(maxAge) > 0) {
            reasons.add(new Reason(Kind.STALE, "stale since " + newestGood.get().date() + ": newest good snapshot "
                    + "finished " + hours(age.get()) + " ago (limit " + hours(maxAge) + ")"));
        }
        failedRun.ifPresent(r -> reasons.add(new Reason(Kind.LAST_RUN_FAILED, "last run (started " + r.started()
                + ") failed: " + r.message())));
        lastRun.unreadable().ifPresent(why -> reasons.add(new Reason(Kind.LAST_RUN_UNREADABLE, why)));
        if (failedRun.isEmpty() && newestGood.isPresent() && newest.get().status() == RunStatus.FAILED) {
            reasons.add(new Reason(Kind.NEWEST_FAILED, "newest snapshot " + newest.get().date() + " failed"));
        }
        State state = reasons.stream().map(r -> r.kind().state()).max(Comparator.naturalOrder()).orElse(State.OK);
        return new StoreHealth(state, newestGood.map(Copy::date), age, lastRun.run(), reasons);
    }

    /** {@code 95m}, {@code 30h}: minutes below two hours, hours above. */
    private static String hours(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes >= 120 ? minutes / 60 + "h" : minutes + "m";
    }
}
