package org.matdx.formats.em;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.matdx.formats.FormatException;
import org.matdx.formats.ReadBudget;

/**
 * AidAim Software's Single File System (SFS), the container of a Bruker {@code .bcf}, read from the
 * file's structure (all little-endian): the signature {@code AAMVHFSS} at 0; at 0x128 the chunk
 * size; at 0x140 the chunk holding the file tree and the number of tree items. Chunk k starts at
 * 0x118 + k·size; its first 32 bytes are a header whose first int32 is the next chunk of a chain
 * (-1 at its end), the rest is payload. The tree is a chain of 0x200-byte items: the first chunk of
 * the item's table of chunk numbers (int32), its size (uint64), its parent item (int32 at 0x28, -1
 * at the root), a directory flag (byte at 0xDC) and its name (0xE0, NUL-terminated). A file's table
 * of chunk numbers is itself a chain; its chunks, in order, hold the file.
 *
 * <p>Every number is checked against the file before it is used: a chunk outside the file, a chain
 * that comes back to a chunk it has passed, or a declared size larger than the chunks present are
 * refused by name, so a forged container cannot make this allocate more than the file holds or loop.
 */
final class Sfs {
    static final byte[] SIGNATURE = "AAMVHFSS".getBytes(StandardCharsets.US_ASCII);
    private static final int BASE = 0x118;
    private static final int CHUNK_HEADER = 32;
    private static final int ITEM = 0x200;
    private static final int MAX_ITEMS = 1 << 16;
    /** The most one compressed file of a container is inflated to: a 2^25-value map packs into far less. */
    static final long MAX_INFLATED = 256L << 20;

    private final Bytes b;
    private final String file;
    private final long chunkSize;
    private final long chunks;
    private final long declaredChunks;
    /** Path (with '/') to its table's first chunk and size; directories are left out. */
    private final Map<String, long[]> files = new LinkedHashMap<>();

    Sfs(String file, byte[] bytes) throws FormatException {
        this.file = file;
        this.b = new Bytes(file, bytes, ByteOrder.LITTLE_ENDIAN);
        if (!isSfs(bytes)) {
            throw FormatException.inFile(file, "is not a Bruker .bcf: it does not start with the SFS container signature AAMVHFSS");
        }
        b.need(0, 0x14C, "the SFS container header");
        chunkSize = b.u32(0x128, "chunk size");
        if (chunkSize < 64 || chunkSize > 1 << 24) {
            throw FormatException.atOffset(file, 0x128, "an SFS chunk size of " + chunkSize + " bytes (expected 64 to 16 MiB)");
        }
        chunks = (bytes.length - BASE + chunkSize - 1) / chunkSize;
        declaredChunks = b.u32(0x148, "number of chunks");
        long tree = b.u32(0x140, "file tree chunk");
        long items = b.u32(0x144, "number of file tree items");
        if (items < 1 || items > MAX_ITEMS || items * ITEM > chunks * payload()) {
            throw FormatException.atOffset(file, 0x144, items + " file tree items (expected 1 to " + Math.min(MAX_ITEMS, chunks * payload() / ITEM)
                    + " for a file of " + chunks + " chunks)");
        }
        byte[] t = chain(tree, items * ITEM, "the file tree");
        Bytes tb = new Bytes(file, t, ByteOrder.LITTLE_ENDIAN);
        String[] names = new String[(int) items];
        int[] parents = new int[(int) items];
        for (int i = 0; i < items; i++) {
            int at = i * ITEM;
            byte[] raw = tb.slice(at + 0xE0, ITEM - 0xE0, "tree item name");
            int end = 0;
            while (end < raw.length && raw[end] != 0) {
                end++;
            }
            names[i] = new String(raw, 0, end, StandardCharsets.ISO_8859_1);
            parents[i] = tb.i32(at + 0x28, "parent of tree item");
        }
        for (int i = 0; i < items; i++) {
            int at = i * ITEM;
            if (names[i].isEmpty() || tb.u8(at + 0xDC, "directory flag") != 0) {
                continue; // unused slots have no name
            }
            StringBuilder path = new StringBuilder(names[i]);
            int p = parents[i];
            for (int depth = 0; p >= 0; depth++) {
                if (p >= items || depth > EmLimits.MAX_DEPTH) {
                    throw FormatException.inFile(file, "the SFS tree item '" + names[i] + "' has a parent chain that leaves the tree or loops");
                }
                path.insert(0, names[p] + "/");
                p = parents[p];
            }
            long first = tb.u32(at, "first chunk of " + names[i]);
            long size = tb.i64(at + 4, "size of " + names[i]);
            files.put(path.toString(), new long[] {first, size});
        }
    }

    static boolean isSfs(byte[] head) {
        if (head.length < SIGNATURE.length) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (head[i] != SIGNATURE[i]) {
                return false;
            }
        }
        return true;
    }

    boolean has(String path) {
        return files.containsKey(path);
    }

    java.util.Set<String> paths() {
        return files.keySet();
    }

    /** The bytes of the file at {@code path}, or null when the container holds none. */
    byte[] read(String path) throws FormatException {
        long[] f = files.get(path);
        if (f == null) {
            return null;
        }
        long size = f[1];
        long max = chunks * payload();
        if (size < 0 || size > max || size > Integer.MAX_VALUE - 64) {
            throw FormatException.inFile(file, path + " declares " + size + " bytes, more than the container's " + chunks + " chunks hold");
        }
        long n = (size + payload() - 1) / payload();
        byte[] table = chain(f[0], n * 4, "the chunk table of " + path);
        Bytes tb = new Bytes(file, table, ByteOrder.LITTLE_ENDIAN);
        byte[] out = new byte[(int) size];
        int filled = 0;
        for (int i = 0; i < n; i++) {
            long k = tb.u32(4L * i, "chunk number");
            long start = start(k, path);
            int len = (int) Math.min(payload(), size - filled);
            len = (int) Math.min(len, b.size() - start);
            if (len <= 0) {
                throw FormatException.atOffset(file, start, path + " continues past the end of the file (truncated container?)");
            }
            System.arraycopy(b.slice(start, len, path), 0, out, filled, len);
            filled += len;
        }
        if (filled != size) {
            throw FormatException.inFile(file, path + " holds " + filled + " of its " + size + " bytes (truncated container?)");
        }
        if (size >= 4 && out[0] == 'A' && out[1] == 'A' && out[2] == 'C' && out[3] == 'S') {
            return inflate(path, out);
        }
        return out;
    }

    /**
     * A file stored compressed (Esprit's "AACS" layout): a 0x80-byte header — the signature, the
     * uncompressed size of a block (uint32 at 4), the number of blocks (uint32 at 12) — then each
     * block as a 16-byte header starting with its compressed size (uint32) and that many bytes of a
     * zlib stream. Each block is inflated to at most the block size it declares and the whole to
     * {@link #MAX_INFLATED}, so a decompression bomb is refused instead of filling the memory; a
     * stream that does not inflate (or fails its checksum) is refused by name.
     */
    private byte[] inflate(String path, byte[] packed) throws FormatException {
        Bytes p = new Bytes(file, packed, ByteOrder.LITTLE_ENDIAN);
        long block = p.u32(4, "uncompressed block size of " + path);
        long blocks = p.u32(12, "number of compressed blocks of " + path);
        if (block < 1 || block > 1 << 24 || blocks < 1 || blocks * block > MAX_INFLATED) {
            throw FormatException.inFile(file, path + " declares " + blocks + " compressed blocks of " + block + " bytes: more than the "
                    + (MAX_INFLATED >> 20) + " MiB MatDX inflates from one file of a .bcf (or none)");
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.util.zip.Inflater inflater = new java.util.zip.Inflater();
        try {
            long at = 0x80;
            byte[] buf = new byte[(int) block];
            for (int i = 0; i < blocks; i++) {
                ReadBudget.check();
                long compressed = p.u32(at, "compressed size of block " + i + " of " + path);
                p.need(at + 16, compressed, "compressed block " + i + " of " + path);
                inflater.reset();
                inflater.setInput(packed, (int) (at + 16), (int) compressed);
                int n = 0;
                while (!inflater.finished() && n < buf.length) {
                    int k = inflater.inflate(buf, n, buf.length - n);
                    if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        break;
                    }
                    n += k;
                }
                if (!inflater.finished() && n == buf.length && inflater.inflate(new byte[1]) == 0 && inflater.finished()) {
                    n = buf.length; // exactly a full block: the stream's end (its checksum) read by the extra call
                }
                if (!inflater.finished()) {
                    throw FormatException.atOffset(file, at, "compressed block " + i + " of " + path + " inflates past the " + block
                            + " bytes it declares, or ends early: refused (corrupt, or a decompression bomb)");
                }
                out.write(buf, 0, n);
                at += 16 + compressed;
            }
        } catch (java.util.zip.DataFormatException e) {
            throw FormatException.inFile(file, path + " is compressed but its zlib data is corrupt: " + e.getMessage());
        } finally {
            inflater.end();
        }
        return out.toByteArray();
    }

    private long payload() {
        return chunkSize - CHUNK_HEADER;
    }

    /** Offset of chunk k's payload. */
    private long start(long k, String what) throws FormatException {
        if (k >= chunks && k < declaredChunks) {
            throw FormatException.inFile(file, what + " continues in chunk " + k + ", past the end of the file (it holds " + chunks
                    + " of the " + declaredChunks + " chunks its header declares: truncated)");
        }
        if (k < 0 || k >= chunks) {
            throw FormatException.inFile(file, what + " points to chunk " + k + ", outside the container's " + chunks + " chunks");
        }
        return BASE + k * chunkSize + CHUNK_HEADER;
    }

    /** {@code length} bytes of the chain of chunks that starts at {@code first}. */
    private byte[] chain(long first, long length, String what) throws FormatException {
        if (length > chunks * payload()) {
            throw FormatException.inFile(file, what + " would take " + length + " bytes, more than the container holds");
        }
        byte[] out = new byte[(int) length];
        BitSet seen = new BitSet();
        long k = first;
        int filled = 0;
        while (filled < length) {
            ReadBudget.check();
            long start = start(k, what);
            if (seen.get((int) k)) {
                throw FormatException.inFile(file, "the chunk chain of " + what + " comes back to chunk " + k + " (a loop)");
            }
            seen.set((int) k);
            int len = (int) Math.min(Math.min(payload(), length - filled), b.size() - start);
            if (len <= 0) {
                throw FormatException.atOffset(file, start, what + " continues past the end of the file (truncated container?)");
            }
            System.arraycopy(b.slice(start, len, what), 0, out, filled, len);
            filled += len;
            if (filled < length) {
                k = b.i32(start - CHUNK_HEADER, "next chunk of " + what);
            }
        }
        return out;
    }
}
