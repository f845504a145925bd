package io.kaizen.backup.offsite.target;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class DirectoryTargetContractTest extends ObjectTargetContract {
    @TempDir
    Path tmp;

    @Override
    ObjectTarget emptyTarget() {
        return new DirectoryTarget(tmp.resolve("offsite"));
    }
}
