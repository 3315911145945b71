package dev.augur.ingest.validate;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RejectionLogTest {
    @Test
    void logsOncePerIntervalPerErrorType() {
        long[] now = {1_000L};
        RejectionLog log = new RejectionLog(LoggerFactory.getLogger(RejectionLogTest.class), 100L, () -> now[0]);
        assertTrue(log.rejected(ErrorType.UNPARSEABLE, "t-0@0", "first"));
        assertFalse(log.rejected(ErrorType.UNPARSEABLE, "t-0@1", "suppressed"));
        assertTrue(log.rejected(ErrorType.NON_FINITE, "t-0@2", "other type has its own budget"));
        now[0] += 99;
        assertFalse(log.rejected(ErrorType.UNPARSEABLE, "t-0@3", "still suppressed"));
        now[0] += 1;
        assertTrue(log.rejected(ErrorType.UNPARSEABLE, "t-0@4", "interval passed"));
    }
}
