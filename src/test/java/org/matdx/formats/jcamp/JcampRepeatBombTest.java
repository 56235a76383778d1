package org.matdx.formats.jcamp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.matdx.formats.FormatException;
import org.matdx.testing.ZipBombs;

/**
 * A repeat count (DUP) turns a dozen characters into ten million ordinates: a few lines of them
 * must not claim gigabytes (issue 18; found while bounding every reader's allocation).
 */
class JcampRepeatBombTest {

    @Test
    void repeatCountsCannotTakeATableBeyondItsOrdinateLimit() {
        String text = "##TITLE=dup\n##JCAMP-DX=5.01\n##XUNITS=1/CM\n##YUNITS=ABSORBANCE\n##FIRSTX=0\n##XFACTOR=1\n##YFACTOR=1\n"
                + "##XYDATA=(X++(Y..Y))\n" + "0 1Z999999\n".repeat(10) + "##END=\n";
        long before = ZipBombs.allocatedByThisThread();
        Throwable t = catchThrowable(() -> new JcampReader().read("dup.jdx", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
        long allocated = ZipBombs.allocatedByThisThread() - before;
        assertThat(t).isInstanceOf(FormatException.class);
        assertThat(t.getMessage()).startsWith("dup.jdx, line 10: column 4: repeat count").contains("ordinates this table may still hold");
        // 10 lines of 12 bytes asked for 100 million ordinates (800 MB); one table may hold 2^24
        assertThat(allocated).isLessThan(600L << 20);
    }
}
