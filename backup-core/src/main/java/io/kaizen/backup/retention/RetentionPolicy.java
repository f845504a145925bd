package io.kaizen.backup.retention;

import io.kaizen.backup.ConfigException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a store keeps: either a keep-days window or grandfather-father-son counts (keep-daily, keep-weekly,
 * keep-monthly, keep-yearly), plus a min-keep floor. A rule value of 0 means "not set".
 * An invalid combination is a {@link ConfigException} naming the offending option.
 */
public record RetentionPolicy(int keepDays, int keepDaily, int keepWeekly, int keepMonthly, int keepYearly,
                              int minKeep) {

    /** min-keep when the configuration does not say. */
    public static final int DEFAULT_MIN_KEEP = 2;

    public RetentionPolicy {
        if (keepDays < 0) {
            throw ConfigException.ofSetting("keep-days", " must be at least 1 (got " + keepDays + ")");
        }
        requireNotNegative("keep-daily", keepDaily);
        requireNotNegative("keep-weekly", keepWeekly);
        requireNotNegative("keep-monthly", keepMonthly);
        requireNotNegative("keep-yearly", keepYearly);
        boolean gfs = keepDaily > 0 || keepWeekly > 0 || keepMonthly > 0 || keepYearly > 0;
        if (keepDays > 0 && gfs) {
            throw new ConfigException("keep-days cannot be combined with keep-daily/keep-weekly/keep-monthly/"
                    + "keep-yearly; use either keep-days or the keep-daily/weekly/monthly/yearly counts");
        }
        if (keepDays == 0 && !gfs) {
            throw new ConfigException("no retention rule set: give keep-days, or at least one of "
                    + "keep-daily/keep-weekly/keep-monthly/keep-yearly");
        }
        if (minKeep < 1) {
            throw ConfigException.ofSetting("min-keep", " must be at least 1 (got " + minKeep + ")");
        }
    }

    /** Keeps the snapshots of the last {@code days} days (today included). */
    public static RetentionPolicy keepDays(int days) {
        if (days < 1) {
            throw ConfigException.ofSetting("keep-days", " must be at least 1 (got " + days + ")");
        }
        return new RetentionPolicy(days, 0, 0, 0, 0, DEFAULT_MIN_KEEP);
    }

    /** Keeps the newest snapshot of each of the last N days, ISO weeks, months and years; 0 leaves a rule unset. */
    public static RetentionPolicy gfs(int daily, int weekly, int monthly, int yearly) {
        return new RetentionPolicy(0, daily, weekly, monthly, yearly, DEFAULT_MIN_KEEP);
    }

    /**
     * The policy that configuration settings give, where null means "not given": keep-days if given, else the
     * given GFS counts; min-keep defaults to {@value #DEFAULT_MIN_KEEP}. Invalid settings are a
     * {@link ConfigException} naming the setting.
     */
    public static RetentionPolicy fromSettings(Integer days, Integer daily, Integer weekly, Integer monthly,
                                               Integer yearly, Integer minKeep) {
        if (days != null && days < 1) {
            throw ConfigException.ofSetting("keep-days", " must be at least 1 (got " + days + ")");
        }
        RetentionPolicy policy = new RetentionPolicy(orZero(days), orZero(daily), orZero(weekly), orZero(monthly),
                orZero(yearly), DEFAULT_MIN_KEEP);
        return minKeep == null ? policy : policy.withMinKeep(minKeep);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }

    /** The same rules with another min-keep floor. */
    public RetentionPolicy withMinKeep(int newMinKeep) {
        return new RetentionPolicy(keepDays, keepDaily, keepWeekly, keepMonthly, keepYearly, newMinKeep);
    }

    /** Whether this is a keep-days policy (otherwise it is GFS). */
    public boolean isKeepDays() {
        return keepDays > 0;
    }

    /** E.g. {@code keep-days 8, min-keep 2} or {@code keep-daily 7, keep-weekly 4, min-keep 2}. */
    public String describe() {
        return rules() + ", min-keep " + minKeep;
    }

    /** The rules that are set, without min-keep, e.g. {@code keep-daily 7, keep-weekly 4}. */
    String rules() {
        if (isKeepDays()) {
            return "keep-days " + keepDays;
        }
        List<String> parts = new ArrayList<>();
        for (GfsRule rule : GfsRule.values()) {
            if (rule.count(this) > 0) {
                parts.add(rule.option() + " " + rule.count(this));
            }
        }
        return String.join(", ", parts);
    }

    private static void requireNotNegative(String setting, int value) {
        if (value < 0) {
            throw ConfigException.ofSetting(setting, " must not be negative (got " + value + ")");
        }
    }
}
