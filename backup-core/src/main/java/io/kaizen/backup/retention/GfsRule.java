package io.kaizen.backup.retention;

import io.kaizen.backup.store.SnapshotName;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/** The four grandfather-father-son rules, each a count and a bucket (day, ISO week, month, year). */
enum GfsRule {
    DAILY("daily", "keep-daily", RetentionPolicy::keepDaily, LocalDate::toString),
    WEEKLY("weekly", "keep-weekly", RetentionPolicy::keepWeekly, date -> String.format(Locale.ROOT, "%d-W%02d",
            date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))),
    MONTHLY("monthly", "keep-monthly", RetentionPolicy::keepMonthly, date -> YearMonth.from(date).toString()),
    YEARLY("yearly", "keep-yearly", RetentionPolicy::keepYearly, date -> String.valueOf(date.getYear()));

    private final String label;
    private final String option;
    private final ToIntFunction<RetentionPolicy> count;
    private final Function<LocalDate, String> bucket;

    GfsRule(String label, String option, ToIntFunction<RetentionPolicy> count, Function<LocalDate, String> bucket) {
        this.label = label;
        this.option = option;
        this.count = count;
        this.bucket = bucket;
    }

    String option() {
        return option;
    }

    int count(RetentionPolicy policy) {
        return count.applyAsInt(policy);
    }

    /**
     * Restic/borg selection: walking newest to oldest, each rule with count left keeps a snapshot whose bucket
     * differs from that of the last snapshot the rule kept.
     *
     * @return the kept snapshots with their reasons, e.g. {@code daily 2026-11-24, weekly 2026-W48}
     */
    static Map<SnapshotName, String> select(List<SnapshotName> newestFirst, RetentionPolicy policy) {
        Map<GfsRule, Integer> left = new EnumMap<>(GfsRule.class);
        Map<GfsRule, String> lastBucket = new EnumMap<>(GfsRule.class);
        for (GfsRule rule : values()) {
            left.put(rule, rule.count(policy));
        }
        Map<SnapshotName, String> kept = new LinkedHashMap<>();
        for (SnapshotName name : newestFirst) {
            List<String> keptBy = new ArrayList<>();
            for (GfsRule rule : values()) {
                String bucket = rule.bucket.apply(name.date());
                if (left.get(rule) > 0 && !bucket.equals(lastBucket.get(rule))) {
                    left.merge(rule, -1, Integer::sum);
                    lastBucket.put(rule, bucket);
                    keptBy.add(rule.label + " " + bucket);
                }
            }
            if (!keptBy.isEmpty()) {
                kept.put(name, String.join(", ", keptBy));
            }
        }
        return kept;
    }
}
