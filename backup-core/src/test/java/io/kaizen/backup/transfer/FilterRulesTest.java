package io.kaizen.backup.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kaizen.backup.ConfigException;
import java.nio.charset.StandardCharsets;
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

    @Test
    void belowARootAnchoredPatternsLoseItsPrefixOrAreDroppedAndSpanningOnesGainAnchoredTwins() {
        FilterRules rules = FilterRules.parse(List.of("/var/lib/foo/cache/", "/etc/x", "/var/*/foo/tmp",
                "+ foo/keep", "*.log", "lib/foo/a/b"));
        assertThat(rules.below("var/lib/foo".getBytes(StandardCharsets.UTF_8)).orElseThrow().rules())
                .extracting(FilterRules.Rule::rsyncForm)
                .containsExactly("- /cache/", "- /tmp", "+ foo/keep", "+ /keep", "- *.log", "- lib/foo/a/b",
                        "- /a/b");
    }

    @Test
    void belowARootRulesWithoutAnExactRewriteGiveNothing() {
        byte[] root = "var/lib/foo".getBytes(StandardCharsets.UTF_8);
        assertThat(FilterRules.parse(List.of("/var/**/cache/")).below(root)).isEmpty();
        assertThat(FilterRules.parse(List.of("lib/")).below(root)).isEmpty();
        assertThat(FilterRules.parse(List.of("/var/lib")).below(root)).isEmpty();
        assertThat(FilterRules.parse(List.of("/var/lib/foo/x")).below(new byte[0]).orElseThrow().rules())
                .extracting(FilterRules.Rule::rsyncForm).containsExactly("- /var/lib/foo/x");
    }
}
