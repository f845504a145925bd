package io.kaizen.backup.verify;

import java.util.List;

/**
 * The result of verifying one snapshot: files checked, and the files whose content differs from their sum,
 * that are listed but missing, or that exist but are not listed (names of the first {@value #LISTED} of each),
 * and whether the sums file itself matches the manifest.
 */
public record VerificationReport(String snapshot, long checked, boolean sumsFileIntact,
                                 long mismatchedCount, List<String> mismatched,
                                 long missingCount, List<String> missing,
                                 long unlistedCount, List<String> unlisted) {
    public static final int LISTED = 100;

    public VerificationReport {
        mismatched = List.copyOf(mismatched);
        missing = List.copyOf(missing);
        unlisted = List.copyOf(unlisted);
    }

    public boolean ok() {
        return sumsFileIntact && mismatchedCount == 0 && missingCount == 0 && unlistedCount == 0;
    }
}
