package io.irsuite.systemtests;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Remembers whether a test of its class failed, so that the launched suite's data and logs are kept for a post-mortem. */
final class KeepDataOnFailure implements TestWatcher {

    private volatile boolean failed;

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        failed = true;
    }

    boolean failed() {
        return failed;
    }
}
