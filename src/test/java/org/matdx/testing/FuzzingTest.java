package org.matdx.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The fuzz property's own hang check: a reader hangs when it spends too much of its own CPU time,
 * not when a loaded machine stretches the clock (CI failed on a 155 kB JCAMP file, read in 0.7 s,
 * because three builds shared two cores); one that blocks without computing hangs by the clock.
 */
class FuzzingTest {
    static final Duration CPU = Duration.ofMillis(300);
    /** Long enough that even a crowded machine gives a spinning thread its 300 ms of CPU first. */
    static final Duration WALL = Duration.ofSeconds(60);

    @Test
    void aReaderThatComputesTooLongHangs() {
        // computes until the check cancels it (an interrupt), however long the machine makes that take
        assertThatThrownBy(() -> Fuzzing.check("spinner", 1, () -> {
            long x = 0;
            while (!Thread.currentThread().isInterrupted()) {
                x += x % 7 + 1;
            }
            return x < 0 ? null : null;
        }, CPU, WALL)).isInstanceOf(AssertionError.class).hasMessageContaining("ms of CPU time").hasMessageNotContaining("wall");
    }

    @Test
    void aReaderThatBlocksHangsByTheClock() {
        // waits for something that never comes: only the clock can call it a hang
        assertThatThrownBy(() -> Fuzzing.check("sleeper", 1, () -> {
            new java.util.concurrent.CountDownLatch(1).await();
            return null;
        }, CPU, Duration.ofMillis(500))).isInstanceOf(AssertionError.class).hasMessageContaining("wall time");
    }

    @Test
    void waitingForTheMachineIsNotAHang() {
        // sleeps longer than the CPU limit but computes little: a loaded machine looks like this
        assertThatCode(() -> Fuzzing.check("patient", 1, () -> {
            Thread.sleep(600);
            return null;
        }, CPU, WALL)).doesNotThrowAnyException();
    }
}
