package org.matdx.formats.em;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ChunkedDataset;
import io.jhdf.dataset.DatasetBase;
import io.jhdf.dataset.chunked.ChunkedDatasetBase;
import io.jhdf.exceptions.HdfException;
import io.jhdf.object.datatype.CompoundDataType;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.matdx.formats.FormatException;

/**
 * The few HDF5 operations the EMD reader needs, on top of jHDF, each bounded before anything is
 * allocated: a group tree walked to {@link EmLimits#MAX_DEPTH} levels and {@link #MAX_NODES} objects,
 * refusing a group that links back to one of its ancestors; links (soft and external) never
 * followed, since an external link names a file on this server; a dataset's declared size and its
 * chunks' size checked before its bytes are read; numbers decoded from the raw buffer in the byte
 * order the datatype declares.
 *
 * <p>Every problem is a {@link FormatException} naming the file and the HDF5 path (the field).
 */
final class Hdf5 {
    static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    /** Objects (groups, datasets) one file may hold: real EMD files hold a few hundred. */
    static final int MAX_NODES = 100_000;
    /** One chunk, decompressed: a 4k×4k float32 frame is 64 MiB; {@link EmdFilters} caps inflation here too. */
    static final int MAX_CHUNK_BYTES = 64 << 20;
    /** Values of an attribute or a metadata dataset (a Velox frame's JSON is 60,000 bytes). */
    static final long MAX_SMALL_VALUES = 1 << 22;

    private final String file;
    private final HdfFile hdf;
    private int visited;

    Hdf5(String file, HdfFile hdf) {
        this.file = file;
        this.hdf = hdf;
    }

    String file() {
        return file;
    }

    Group root() {
        return hdf;
    }

    /** Where the HDF5 superblock starts: offset 0, or after a user block of 512·2^k bytes; -1 when absent. */
    static long signatureAt(byte[] bytes) {
        for (long at = 0; at + SIGNATURE.length <= bytes.length; at = at == 0 ? 512 : at * 2) {
            if (Arrays.equals(bytes, (int) at, (int) at + SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
                return at;
            }
        }
        return -1;
    }

    /** An HDF5 object with its path, as the walk met it. */
    record Entry(String path, Node node, int depth) {
    }

    /**
     * The children of {@code g} that are real objects (links skipped), sorted by name as h5py lists
     * them, each checked against the loop, depth and count bounds.
     */
    List<Entry> children(Entry parent, List<Long> ancestors) throws FormatException {
        if (!(parent.node() instanceof Group g)) {
            return List.of();
        }
        if (parent.depth() >= EmLimits.MAX_DEPTH) {
            throw FormatException.inFile(file, parent.path() + ": groups nested more than " + EmLimits.MAX_DEPTH + " deep");
        }
        Map<String, Node> sorted = new TreeMap<>(g.getChildren());
        List<Entry> out = new ArrayList<>();
        for (Map.Entry<String, Node> e : sorted.entrySet()) {
            Node n = e.getValue();
            if (n.isLink()) {
                continue; // soft and external links are never followed: an external one names a file on this machine
            }
            if (++visited > MAX_NODES) {
                throw FormatException.inFile(file, "more than " + MAX_NODES + " HDF5 objects (expected a few hundred in an EMD file)");
            }
            String path = (parent.path().equals("/") ? "" : parent.path()) + "/" + e.getKey();
            if (n instanceof Group && ancestors.contains(n.getAddress())) {
                throw FormatException.inFile(file, path + ": the group links back to one of its own parents (a loop in the group tree)");
            }
            out.add(new Entry(path, n, parent.depth() + 1));
        }
        return out;
    }

    /** Every object below the root, depth first and by name (h5py's visititems order). */
    List<Entry> walk() throws FormatException {
        List<Entry> out = new ArrayList<>();
        walk(new Entry("/", hdf, 0), new ArrayList<>(List.of(hdf.getAddress())), out);
        return out;
    }

    private void walk(Entry at, List<Long> ancestors, List<Entry> out) throws FormatException {
        for (Entry c : children(at, ancestors)) {
            out.add(c);
            if (c.node() instanceof Group) {
                ancestors.add(c.node().getAddress());
                walk(c, ancestors, out);
                ancestors.remove(ancestors.size() - 1);
            }
        }
    }

    /** The child of {@code g} called {@code name}, links not followed; null when absent. */
    static Node child(Group g, String name) {
        Node n = g.getChildren().get(name);
        return n == null || n.isLink() ? null : n;
    }

    static Group group(Group g, String... names) {
        Node n = g;
        for (String name : names) {
            if (!(n instanceof Group gg) || (n = child(gg, name)) == null) {
                return null;
            }
        }
        return n instanceof Group gg ? gg : null;
    }

    // --- attributes ---------------------------------------------------------------------------

    /** An attribute's value (String, Number, or an array of them), or null; its declared size checked first. */
    Object attribute(Node n, String path, String name) throws FormatException {
        Attribute a = n.getAttributes().get(name);
        if (a == null) {
            return null;
        }
        if (a.getSize() > MAX_SMALL_VALUES) {
            throw FormatException.inFile(file, path + " @" + name + ": the attribute declares " + a.getSize() + " values (at most "
                    + MAX_SMALL_VALUES + " are read)");
        }
        return a.isEmpty() ? null : a.getData();
    }

    String string(Node n, String path, String name) throws FormatException {
        Object v = attribute(n, path, name);
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof String[] s && s.length == 1) {
            return s[0];
        }
        return v == null ? null : v.toString();
    }

    /** A numeric attribute as a double (a one-element array counts), or null. */
    Double number(Node n, String path, String name) throws FormatException {
        Object v = attribute(n, path, name);
        if (v != null && v.getClass().isArray() && Array.getLength(v) == 1) {
            v = Array.get(v, 0);
        }
        if (v instanceof Number x) {
            return x.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return Double.parseDouble(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A numeric array attribute as doubles, or null. */
    double[] numbers(Node n, String path, String name) throws FormatException {
        Object v = attribute(n, path, name);
        if (v == null || !v.getClass().isArray()) {
            return null;
        }
        int len = Array.getLength(v);
        double[] out = new double[len];
        for (int i = 0; i < len; i++) {
            if (!(Array.get(v, i) instanceof Number x)) {
                return null;
            }
            out[i] = x.doubleValue();
        }
        return out;
    }

    /** Every scalar or short attribute of {@code n}, for the entry's original metadata. */
    Map<String, Object> attributes(Node n, String path) throws FormatException {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : new TreeMap<>(n.getAttributes()).keySet()) {
            Object v = attribute(n, path, name);
            if (v instanceof String || v instanceof Number || v instanceof Boolean) {
                out.put(name, v);
            } else if (v != null && v.getClass().isArray() && Array.getLength(v) <= 64) {
                List<Object> l = new ArrayList<>();
                for (int i = 0; i < Array.getLength(v); i++) {
                    Object x = Array.get(v, i);
                    l.add(x instanceof Number || x instanceof String ? x : String.valueOf(x));
                }
                out.put(name, l);
            }
        }
        return out;
    }

    // --- datasets -----------------------------------------------------------------------------

    /** A dataset's numbers as doubles in C order, with the dtype name numpy would give them. */
    record Numbers(int[] shape, String dtype, double[] real, double[] imaginary) {
    }

    /** The declared shape of {@code d}, refused when it would hold more than {@link EmLimits#MAX_VALUES} values. */
    int[] shape(Dataset d, String path) throws FormatException {
        int[] dims = d.getDimensions();
        long[] asLong = new long[Math.max(1, dims.length)];
        if (dims.length == 0) {
            asLong[0] = 1;
        }
        for (int i = 0; i < dims.length; i++) {
            asLong[i] = dims[i];
        }
        try {
            EmLimits.values(file, -1, asLong);
        } catch (FormatException e) {
            throw FormatException.inFile(file, path + ": " + e.problem());
        }
        if (d instanceof ChunkedDataset c) {
            long chunk = d.getDataType().getSize();
            for (int k : c.getChunkDimensions()) {
                chunk *= Math.max(1, k);
                if (chunk > MAX_CHUNK_BYTES) {
                    throw FormatException.inFile(file, path + ": chunks of " + Arrays.toString(c.getChunkDimensions()) + " values of "
                            + d.getDataType().getSize() + " bytes, more than the " + (MAX_CHUNK_BYTES >> 20) + " MiB MatDX decompresses at once");
                }
            }
        }
        return dims;
    }

    /** The numbers of a numeric (or two-float compound, i.e. complex) dataset; anything else is refused. */
    Numbers numbers(Dataset d, String path) throws FormatException {
        int[] shape = shape(d, path);
        DataType t = d.getDataType();
        String dtype = dtype(t);
        if (dtype == null) {
            throw FormatException.inFile(file, path + ": holds " + describe(t) + " values, not numbers; MatDX reads EMD datasets of"
                    + " integers, floats or complex numbers");
        }
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        int size = t.getSize();
        ByteBuffer buf = buffer(d, path, shape, size);
        if ((long) buf.remaining() < n * size) {
            throw FormatException.inFile(file, path + ": the file holds " + buf.remaining() + " bytes of data for " + n + " values of "
                    + size + " bytes");
        }
        double[] re = new double[(int) n];
        double[] im = null;
        if (t instanceof CompoundDataType c) {
            im = new double[(int) n];
            CompoundDataType.CompoundDataMember r = c.getMembers().get(0);
            CompoundDataType.CompoundDataMember i = c.getMembers().get(1);
            decode(buf, r.getDataType(), r.getOffset(), size, re);
            decode(buf, i.getDataType(), i.getOffset(), size, im);
        } else {
            decode(buf, t, 0, size, re);
        }
        return new Numbers(shape.length == 0 ? new int[] {1} : shape, dtype, re, im);
    }

    /** Chunks one dataset may be cut into: a 4k×4k×1000 stack in frames is a thousand. */
    static final int MAX_CHUNKS = 1 << 20;
    /** What the chunk being decoded on this thread may inflate to (read by {@link EmdFilters.Deflate}). */
    private static final ThreadLocal<Integer> CHUNK_LIMIT = new ThreadLocal<>();

    static int chunkLimit() {
        Integer limit = CHUNK_LIMIT.get();
        return limit == null ? MAX_CHUNK_BYTES : limit;
    }

    /**
     * The raw bytes of a whole dataset. Chunks are decoded here one at a time on this thread (not
     * by jHDF's parallel reader), so each may inflate to its own declared size and no more.
     */
    private ByteBuffer buffer(Dataset d, String path, int[] dims, int elementSize) throws FormatException {
        if (!(d instanceof ChunkedDatasetBase c)) {
            if (!(d instanceof DatasetBase base)) {
                throw FormatException.inFile(file, path + ": a dataset jHDF cannot read as a whole");
            }
            try {
                return base.getDataBuffer().duplicate();
            } catch (RuntimeException e) {
                throw FormatException.inFile(file, path + ": the data cannot be read (truncated or damaged file): " + cause(e));
            }
        }
        int rank = dims.length;
        int[] cd = c.getChunkDimensions();
        if (cd.length != rank || rank == 0) {
            throw FormatException.inFile(file, path + ": chunks of " + cd.length + " dimensions in a dataset of " + rank);
        }
        long chunks = 1;
        long total = elementSize;
        int chunkBytes = elementSize;
        for (int k = 0; k < rank; k++) {
            if (cd[k] < 1) {
                throw FormatException.inFile(file, path + ": a chunk dimension of " + cd[k]);
            }
            chunks *= (dims[k] + cd[k] - 1) / cd[k];
            total *= dims[k];
            chunkBytes *= cd[k]; // bounded by shape(): at most MAX_CHUNK_BYTES
        }
        if (chunks > MAX_CHUNKS) {
            throw FormatException.inFile(file, path + ": cut into " + chunks + " chunks of " + Arrays.toString(cd) + " (at most "
                    + MAX_CHUNKS + ")");
        }
        byte[] out = new byte[Math.toIntExact(total)];
        int[] offset = new int[rank];
        CHUNK_LIMIT.set(chunkBytes + 16); // a Fletcher-32 checksum adds 4 bytes before it is checked
        try {
            while (true) {
                byte[] chunk = null;
                try {
                    chunk = c.getDecompressedChunk(offset);
                } catch (HdfException e) {
                    // jHDF's only word for an unwritten chunk (which holds the fill value, zero here)
                    if (e.getMessage() == null || !e.getMessage().startsWith("No chunk with offset")) {
                        throw FormatException.inFile(file, path + ": the chunk at " + Arrays.toString(offset) + " cannot be decoded: "
                                + cause(e));
                    }
                }
                if (chunk != null) {
                    if (chunk.length < chunkBytes) {
                        throw FormatException.inFile(file, path + ": the chunk at " + Arrays.toString(offset) + " holds " + chunk.length
                                + " bytes, its shape " + Arrays.toString(cd) + " needs " + chunkBytes);
                    }
                    place(chunk, out, offset, cd, dims, elementSize);
                }
                int k = rank - 1;
                for (; k >= 0; k--) {
                    offset[k] += cd[k];
                    if (offset[k] < dims[k]) {
                        break;
                    }
                    offset[k] = 0;
                }
                if (k < 0) {
                    break;
                }
            }
        } finally {
            CHUNK_LIMIT.remove();
        }
        return ByteBuffer.wrap(out);
    }

    /** The innermost message of a jHDF failure (a filter's own sentence), without class names. */
    static String cause(Throwable e) {
        String m = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                m = t.getMessage();
            }
        }
        return m == null ? "unreadable" : m.replaceAll("[\\w.$]+(Exception|Error):\\s*", "").strip();
    }

    /** Copies a chunk (C order over its own shape) into the dataset, row by row, cutting what lies past the edges. */
    private static void place(byte[] chunk, byte[] out, int[] offset, int[] cd, int[] dims, int elementSize) {
        int rank = dims.length;
        int rowLength = Math.min(cd[rank - 1], dims[rank - 1] - offset[rank - 1]) * elementSize;
        int[] idx = new int[rank - 1];
        while (true) {
            boolean inside = true;
            long src = 0;
            long dst = 0;
            for (int k = 0; k < rank - 1; k++) {
                inside &= offset[k] + idx[k] < dims[k];
                src = src * cd[k] + idx[k];
                dst = dst * dims[k] + offset[k] + idx[k];
            }
            if (inside) {
                src = src * cd[rank - 1] * elementSize;
                dst = (dst * dims[rank - 1] + offset[rank - 1]) * elementSize;
                System.arraycopy(chunk, (int) src, out, (int) dst, rowLength);
            }
            int k = rank - 2;
            for (; k >= 0; k--) {
                if (++idx[k] < cd[k]) {
                    break;
                }
                idx[k] = 0;
            }
            if (k < 0) {
                return;
            }
        }
    }

    /** numpy's name for a datatype, or null when it is not a number MatDX reads. */
    static String dtype(DataType t) {
        if (t instanceof FixedPoint f && (f.getSize() == 1 || f.getSize() == 2 || f.getSize() == 4 || f.getSize() == 8)) {
            return (f.isSigned() ? "int" : "uint") + f.getSize() * 8;
        }
        if (t instanceof FloatingPoint f && (f.getSize() == 4 || f.getSize() == 8)) {
            return "float" + f.getSize() * 8;
        }
        if (t instanceof CompoundDataType c && c.getMembers().size() == 2 && complexMembers(c)) {
            return "complex" + c.getMembers().get(0).getDataType().getSize() * 16;
        }
        return null;
    }

    private static boolean complexMembers(CompoundDataType c) {
        for (CompoundDataType.CompoundDataMember m : c.getMembers()) {
            if (!(m.getDataType() instanceof FloatingPoint) || dtype(m.getDataType()) == null
                    || m.getDataType().getSize() != c.getMembers().get(0).getDataType().getSize()) {
                return false;
            }
            int[] dims = m.getDimensionSize();
            if (dims != null && dims.length > 0 && !(dims.length == 1 && dims[0] == 1)) {
                return false;
            }
        }
        return true;
    }

    private static String describe(DataType t) {
        String s = t.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return s.replace(" data type", "").replace("data", "").strip() + " (" + t.getSize() + "-byte)";
    }

    private static void decode(ByteBuffer buf, DataType t, int memberOffset, int stride, double[] out) {
        ByteOrder order = t instanceof FixedPoint f ? f.getByteOrder() : ((FloatingPoint) t).getByteOrder();
        ByteBuffer b = buf.slice().order(order);
        int size = t.getSize();
        boolean signed = !(t instanceof FixedPoint f) || f.isSigned();
        boolean floating = t instanceof FloatingPoint;
        for (int i = 0, at = memberOffset; i < out.length; i++, at += stride) {
            out[i] = floating
                    ? (size == 4 ? b.getFloat(at) : b.getDouble(at))
                    : switch (size) {
                        case 1 -> signed ? b.get(at) : b.get(at) & 0xFF;
                        case 2 -> signed ? b.getShort(at) : b.getShort(at) & 0xFFFF;
                        case 4 -> signed ? b.getInt(at) : b.getInt(at) & 0xFFFFFFFFL;
                        default -> signed ? (double) b.getLong(at) : unsigned(b.getLong(at));
                    };
        }
    }

    private static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2 + (v & 1);
    }

    /**
     * A text dataset: a variable-length string (Velox keeps its settings as JSON strings), or a
     * column of bytes (a Velox frame's metadata: one column per frame, NUL-padded).
     */
    String text(Dataset d, String path, int column) throws FormatException {
        long size = d.getSize();
        if (size > MAX_SMALL_VALUES) {
            throw FormatException.inFile(file, path + ": a metadata dataset of " + size + " values (at most " + MAX_SMALL_VALUES + ")");
        }
        if (d.getDataType() instanceof FixedPoint f && f.getSize() == 1) {
            int[] dims = shape(d, path);
            int rows = dims.length == 0 ? 1 : dims[0];
            int cols = dims.length > 1 ? dims[1] : 1;
            if (column >= cols) {
                throw FormatException.inFile(file, path + ": no metadata column " + column + " (the dataset has " + cols + ")");
            }
            ByteBuffer buf = buffer(d, path, dims, 1);
            byte[] text = new byte[rows];
            int len = 0;
            for (int r = 0; r < rows; r++) {
                byte b = buf.get(buf.position() + r * cols + column);
                if (b == 0) {
                    break;
                }
                text[len++] = b;
            }
            return new String(text, 0, len, StandardCharsets.UTF_8);
        }
        Object v = d.getData();
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof String[] s && s.length > 0) {
            return s[Math.min(column, s.length - 1)];
        }
        throw FormatException.inFile(file, path + ": expected a JSON text, found " + describe(d.getDataType()) + " values");
    }
}
