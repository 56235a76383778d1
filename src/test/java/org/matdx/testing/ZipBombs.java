package org.matdx.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Hostile zip archives for the tests of unpacking limits: members that inflate far beyond their
 * size, archives that lie about sizes, and many small members. Content is generated as it is
 * deflated, so a gigabyte member costs the test no gigabyte of memory.
 */
public final class ZipBombs {
    private ZipBombs() {
    }

    /** A member: its name and what it holds. */
    public record Member(String name, InputStream content) {
        public static Member of(String name, byte[] content) {
            return new Member(name, new java.io.ByteArrayInputStream(content));
        }

        public static Member of(String name, String content) {
            return of(name, content.getBytes(StandardCharsets.UTF_8));
        }

        /** {@code unit} repeated until {@code bytes} bytes: deflates roughly a thousand to one. */
        public static Member repeated(String name, String unit, long bytes) {
            return new Member(name, repeat(unit.getBytes(StandardCharsets.UTF_8), bytes));
        }
    }

    public static byte[] zip(Member... members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.setLevel(Deflater.BEST_COMPRESSION);
            for (Member m : members) {
                z.putNextEntry(new ZipEntry(m.name()));
                m.content().transferTo(z);
                z.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A tar entry: a file (with content), a directory, or a link/device/FIFO (tar's type flag and link target). */
    public record TarMember(String name, InputStream content, byte type, String link) {
        public static TarMember file(Member m) {
            return new TarMember(m.name(), m.content(), org.apache.commons.compress.archivers.tar.TarConstants.LF_NORMAL, null);
        }

        public static TarMember special(String name, byte type, String link) {
            return new TarMember(name, InputStream.nullInputStream(), type, link);
        }
    }

    /** A tar archive of the members, compressed with gz, bz2 or xz (or not, for null); big members are streamed. */
    public static byte[] tar(String compression, TarMember... members) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.io.OutputStream c = compression == null ? out : switch (compression) {
            case "gz" -> new java.util.zip.GZIPOutputStream(out) {
                {
                    def.setLevel(Deflater.BEST_COMPRESSION);
                }
            };
            case "bz2" -> new org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream(out);
            default -> new org.apache.commons.compress.compressors.xz.XZCompressorOutputStream(out);
        }; var t = new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(c)) {
            t.setLongFileMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.LONGFILE_POSIX);
            t.setBigNumberMode(org.apache.commons.compress.archivers.tar.TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (TarMember m : members) {
                var e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(m.name(), m.type(), true);
                if (m.link() != null) {
                    e.setLinkName(m.link());
                }
                byte[] small = null;
                if (m.type() == org.apache.commons.compress.archivers.tar.TarConstants.LF_NORMAL) {
                    // tar states a member's size before its content: the tests' members are held whole
                    small = m.content().readAllBytes();
                    e.setSize(small.length);
                }
                t.putArchiveEntry(e);
                if (small != null) {
                    t.write(small);
                }
                t.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The members' names and contents in order (for small archives built by the tests). */
    public static byte[] zip(Map<String, byte[]> members) {
        return zip(members.entrySet().stream().map(e -> Member.of(e.getKey(), e.getValue())).toArray(Member[]::new));
    }

    public static Map<String, byte[]> parts(Object... nameThenContent) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenContent.length; i += 2) {
            Object c = nameThenContent[i + 1];
            m.put((String) nameThenContent[i], c instanceof byte[] b ? b : c.toString().getBytes(StandardCharsets.UTF_8));
        }
        return m;
    }

    /**
     * The archive with the uncompressed size of every member rewritten to {@code declared} in the
     * local headers and the central directory, as a forger would (the data stay as they are).
     */
    public static byte[] declaringSize(byte[] zip, long declared) {
        byte[] b = zip.clone();
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i + 46 <= b.length; i++) {
            int sig = bb.getInt(i);
            if (sig == 0x04034b50 && i + 30 <= b.length) {
                bb.putInt(i + 22, (int) declared);
            } else if (sig == 0x02014b50) {
                bb.putInt(i + 24, (int) declared);
            }
        }
        return b;
    }

    /** Bytes this thread has allocated so far (HotSpot's per-thread counter), to show a reader did not allocate what a file declares. */
    public static long allocatedByThisThread() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    private static InputStream repeat(byte[] unit, long total) {
        return new InputStream() {
            long sent;

            @Override
            public int read() {
                return sent < total ? unit[(int) (sent++ % unit.length)] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= total) {
                    return -1;
                }
                int n = (int) Math.min(len, total - sent);
                for (int i = 0; i < n; i++) {
                    b[off + i] = unit[(int) ((sent + i) % unit.length)];
                }
                sent += n;
                return n;
            }
        };
    }
}
