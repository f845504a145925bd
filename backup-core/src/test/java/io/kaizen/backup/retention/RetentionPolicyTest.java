package io.kaizen.backup.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    @Test
    void keepDaysZeroIsRejected() {
        assertThatThrownBy(() -> RetentionPolicy.keepDays(0))
                .isInstanceOf(ConfigException.class)
                .hasMessage("keep-days must be at least 1 (got 0)");
    }

    @Test
    void negativeKeepDaysIsRejected() {
        assertThatThrownBy(() -> RetentionPolicy.keepDays(-5))
                .isInstanceOf(ConfigException.class)
                .hasMessage("keep-days must be at least 1 (got -5)");
        assertThatThrownBy(() -> new RetentionPolicy(-1, 0, 0, 0, 0, 2))
                .isInstanceOf(ConfigException.class)
                .hasMessage("keep-days must be at least 1 (got -1)");
    }

    @Test
    void negativeGfsCountsAreRejectedByName() {
        assertThatThrownBy(() -> RetentionPolicy.gfs(-1, 4, 0, 0))
                .isInstanceOf(ConfigException.class).hasMessage("keep-daily must not be negative (got -1)");
        assertThatThrownBy(() -> RetentionPolicy.gfs(7, -2, 0, 0))
                .isInstanceOf(ConfigException.class).hasMessage("keep-weekly must not be negative (got -2)");
        assertThatThrownBy(() -> RetentionPolicy.gfs(7, 0, -3, 0))
                .isInstanceOf(ConfigException.class).hasMessage("keep-monthly must not be negative (got -3)");
        assertThatThrownBy(() -> RetentionPolicy.gfs(7, 0, 0, -4))
                .isInstanceOf(ConfigException.class).hasMessage("keep-yearly must not be negative (got -4)");
    }

    @Test
    void keepDaysCannotBeCombinedWithGfs() {
        assertThatThrownBy(() -> new RetentionPolicy(8, 0, 0, 12, 0, 2))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("keep-days cannot be combined with "
                        + "keep-daily/keep-weekly/keep-monthly/keep-yearly");
    }

    @Test
    void aPolicyWithoutAnyRuleIsRejected() {
        assertThatThrownBy(() -> RetentionPolicy.gfs(0, 0, 0, 0))
                .isInstanceOf(ConfigException.class)
                .hasMessage("no retention rule set: give keep-days, or at least one of "
                        + "keep-daily/keep-weekly/keep-monthly/keep-yearly");
    }

    @Test
    void minKeepMustBeAtLeastOne() {
        assertThatThrownBy(() -> RetentionPolicy.keepDays(8).withMinKeep(0))
                .isInstanceOf(ConfigException.class)
                .hasMessage("min-keep must be at least 1 (got 0)");
        assertThatThrownBy(() -> RetentionPolicy.gfs(7, 0, 0, 0).withMinKeep(-1))
                .isInstanceOf(ConfigException.class)
                .hasMessage("min-keep must be at least 1 (got -1)");
    }

    @Test
    void factoriesSetOnlyTheirRulesAndDefaultMinKeepIsTwo() {
        assertThat(RetentionPolicy.keepDays(8)).isEqualTo(new RetentionPolicy(8, 0, 0, 0, 0, 2));
        assertThat(RetentionPolicy.gfs(7, 4, 12, 3)).isEqualTo(new RetentionPolicy(0, 7, 4, 12, 3, 2));
        assertThat(RetentionPolicy.gfs(7, 4, 12, 3).withMinKeep(5)).isEqualTo(new RetentionPolicy(0, 7, 4, 12, 3, 5));
        assertThat(RetentionPolicy.keepDays(8).isKeepDays()).isTrue();
        assertThat(RetentionPolicy.gfs(0, 0, 0, 1).isKeepDays()).isFalse();
    }

    @Test
    void describeNamesTheRulesThatAreSet() {
        assertThat(RetentionPolicy.keepDays(8).describe()).isEqualTo("keep-days 8, min-keep 2");
        assertThat(RetentionPolicy.gfs(7, 4, 0, 0).describe()).isEqualTo("keep-daily 7, keep-weekly 4, min-keep 2");
        assertThat(RetentionPolicy.gfs(0, 0, 12, 3).withMinKeep(3).describe())
                .isEqualTo("keep-monthly 12, keep-yearly 3, min-keep 3");
        assertThat(RetentionPolicy.gfs(7, 4, 12, 3).describe())
                .isEqualTo("keep-daily 7, keep-weekly 4, keep-monthly 12, keep-yearly 3, min-keep 2");
    }
}
