package io.kaizen.backup.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterRulesTest {
    @Test
    void bareAndPrefixedPatternsParse() {
        FilterRules rules = FilterRules.parse(List.of("instances/", "- *.tmp", "+ keep/**"));
        assertThat(rules.rules()).extracting(FilterRules.Rule::rsyncForm)
                .containsExactly("- instances/", "- *.tmp", "+ keep/**");
    }

    @Test
    void ownRulesComeBeforeLaterOnes() {
        FilterRules own = FilterRules.parse(List.of("+ a"));
        assertThat(own.then(FilterRules.parse(List.of("b"))).rules()).extracting(FilterRules.Rule::pattern)
                .containsExactly("a", "b");
    }

    @Test
    void emptyAndMultiLinePatternsAreRejected() {
        assertThatThrownBy(() -> FilterRules.Rule.parse(" ")).isInstanceOf(ConfigException.class);
        assertThatThrownBy(() -> FilterRules.Rule.parse("a\nb")).isInstanceOf(ConfigException.class);
    }
}
