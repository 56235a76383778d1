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
    static final Duration WALL = Duration.ofSeconds(3);

    @Test
    void aReaderThatComputesTooLongHangs() {
        assertThatThrownBy(() -> Fuzzing.check("spinner", 1, () -> {
            long until = System.nanoTime() + 5_000_000_000L;
            long x = 0;
            while (System.nanoTime() < until && !Thread.currentThread().isInterrupted()) {
                x += System.nanoTime() % 7;
            }
            return x < 0 ? null : null;
        }, CPU, WALL)).isInstanceOf(AssertionError.class).hasMessageContaining("ms of CPU time").hasMessageNotContaining("wall");
    }

    @Test
    void aReaderThatBlocksHangsByTheClock() {
        assertThatThrownBy(() -> Fuzzing.check("sleeper", 1, () -> {
            Thread.sleep(10_000);
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
