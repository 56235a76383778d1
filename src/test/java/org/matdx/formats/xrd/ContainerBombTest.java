package org.matdx.formats.xrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.matdx.formats.FormatException;
import org.matdx.formats.IngestLimits;
import org.matdx.formats.LimitExceeded;
import org.matdx.formats.LimitedInput;
import org.matdx.formats.Reader;
import org.matdx.testing.ZipBombs;
import org.matdx.testing.ZipBombs.Member;

/**
 * RASX and BRML are zips: a small file must not unpack into gigabytes (issue 18, finding 3). What
 * a reader inflates is counted as it arrives, never allocated from what the archive declares, and
 * parts it skips count too.
 */
class ContainerBombTest {
    private static final long MiB = 1L << 20;

    @Test
    void aRasxDeclaringHalfAGigabyteIsNotAllocated() throws Exception {
        // the archive is honest about everything but the sizes: each part says it is 500 MB
        byte[] forged = ZipBombs.declaringSize(XrdFixtures.rasx(), 500_000_000L);
        long before = ZipBombs.allocatedByThisThread();
        Throwable t = catchThrowable(() -> new RasxReader().read("forged.rasx", new ByteArrayInputStream(forged)));
        long allocated = ZipBombs.allocatedByThisThread() - before;
        assertThat(allocated).as("bytes allocated reading a %d-byte file", forged.length).isLessThan(32 * MiB);
        assertThat(t).as("a forged size is either ignored or reported as damage").satisfiesAnyOf(
                x -> assertThat(x).isNull(), x -> assertThat(x).isInstanceOf(FormatException.class));
    }

    @Test
    void aRasxProfileInflatingAThousandfoldIsRefusedNamingThePartAndTheLimit() throws Exception {
        byte[] bomb = ZipBombs.zip(Member.of("Data0/MesurementConditions0.xml", "<MeasurementConditions/>"),
                Member.repeated("Data0/Profile0.txt", "30.0000\t1\t1\r\n", 96 * MiB));
        assertThat(bomb.length).isLessThan(200_000);
        long before = ZipBombs.allocatedByThisThread();
        Throwable t = catchThrowable(() -> new RasxReader().read("bomb.rasx", new ByteArrayInputStream(bomb)));
        long allocated = ZipBombs.allocatedByThisThread() - before;
        assertThat(t).isInstanceOf(LimitExceeded.class);
        assertThat(t.getMessage()).startsWith("bomb.rasx, member Data0/Profile0.txt: unpacks to more than 100 times")
                .contains("--max-zip-ratio");
        assertThat(allocated).isLessThan(32 * MiB);
    }

    @Test
    void aPartTheReaderSkipsCountsToo() throws Exception {
        // a BRML's instruction XML is never parsed, so a bomb there would cost CPU unseen
        byte[] raw = XrdFixtures.brml();
        List<Member> members = new ArrayList<>(members(raw));
        members.add(0, Member.repeated("Experiment0/InstructionContainer.xml", "<I/>", 512 * MiB));
        byte[] bomb = ZipBombs.zip(members.toArray(Member[]::new));
        Throwable t = catchThrowable(() -> new BrmlReader().read("skip.brml", new ByteArrayInputStream(bomb)));
        assertThat(t).isInstanceOf(LimitExceeded.class)
                .hasMessageContaining("member Experiment0/InstructionContainer.xml").hasMessageContaining("--max-zip-ratio");
    }

    @Test
    void everythingAContainerInflatesCountsAgainstTheReadLimit() throws Exception {
        // parts like counts as text (they compress about 2:1, no ratio to catch), together over
        // what one reader may take in while the file itself stays under it
        Random random = new Random(18);
        List<Member> members = new ArrayList<>(members(XrdFixtures.brml()));
        for (int i = 0; i < 3; i++) {
            byte[] digits = new byte[(int) (1.5 * MiB)];
            for (int k = 0; k < digits.length; k++) {
                digits[k] = (byte) (k % 8 == 7 ? '\n' : '0' + random.nextInt(10));
            }
            members.add(Member.of("Experiment0/Counts" + i + ".txt", digits));
        }
        byte[] big = ZipBombs.zip(members.toArray(Member[]::new));
        assertThat(big.length).isLessThan((int) (3 * MiB));
        IngestLimits small = IngestLimits.DEFAULTS.withMaxReadBytes(3 * MiB);
        Throwable t = catchThrowable(() -> read(new BrmlReader(), "big.brml", big, small));
        assertThat(t).isInstanceOf(LimitExceeded.class).hasMessageContaining("big.brml, member Experiment0/Counts1.txt")
                .hasMessageContaining("3 MiB").hasMessageContaining("--max-read-mb");
    }

    @Test
    void tooManyEntriesAreRefused() throws Exception {
        List<Member> members = new ArrayList<>(members(XrdFixtures.rasx()));
        for (int i = 0; i < 40; i++) {
            members.add(Member.of("Data0/extra" + i + ".txt", "x"));
        }
        byte[] many = ZipBombs.zip(members.toArray(Member[]::new));
        IngestLimits limits = IngestLimits.DEFAULTS.withMaxMembers(20);
        Throwable t = catchThrowable(() -> read(new RasxReader(), "many.rasx", many, limits));
        assertThat(t).isInstanceOf(LimitExceeded.class).hasMessageContaining("many.rasx: holds more than 20 entries")
                .hasMessageContaining("--max-zip-members");
        assertThat(read(new RasxReader(), "many.rasx", many, IngestLimits.DEFAULTS)).hasSize(1);
    }

    @Test
    void honestFilesReadAsBefore() throws Exception {
        IngestLimits tight = IngestLimits.DEFAULTS.withMaxReadBytes(MiB);
        assertThat(read(new RasxReader(), "a.rasx", XrdFixtures.rasx(), tight).get(0).series()).hasSize(1);
        assertThat(read(new BrmlReader(), "a.brml", XrdFixtures.brml(), tight).get(0).series()).hasSize(1);
    }

    static List<org.matdx.formats.Parsed> read(Reader r, String name, byte[] bytes, IngestLimits limits) throws Exception {
        return r.read(name, new LimitedInput(new ByteArrayInputStream(bytes), name, limits));
    }

    /** The members of a small archive, in order. */
    static List<Member> members(byte[] zip) throws Exception {
        List<Member> out = new ArrayList<>();
        try (var z = new java.util.zip.ZipInputStream(new ByteArrayInputStream(zip))) {
            java.util.zip.ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                out.add(Member.of(e.getName(), z.readAllBytes()));
            }
        }
        return out;
    }
}
