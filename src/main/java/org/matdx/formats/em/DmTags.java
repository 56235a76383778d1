package org.matdx.formats.em;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.matdx.core.Json;
import org.matdx.formats.FormatException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tag tree of a Gatan DigitalMicrograph file (DM3 and DM4) as JSON.
 *
 * <p>Layout (Gatan's DM file format as documented by the community: Chris Boothroyd's DM3 notes, the
 * DM4 extension by Bernard Heymann, both read to learn): a big-endian header (version 3|4, root
 * length — 4 bytes in DM3, 8 in DM4 — and a flag saying whether the data are little-endian), then a
 * root tag group. A group is (sorted, open, tag count); a tag is (kind 20 = group | 21 = data,
 * name length, name, in DM4 the tag's byte length), and a data tag carries "%%%%", an info array of
 * type codes (4 or 8 bytes each, big-endian) and its value in the data byte order: a simple number,
 * a string, a struct, or an array of any of them.
 *
 * <p>The image arrays ({@code ImageData.Data}) are not decoded here; their position is kept as
 * {@code {"@offset", "@count", "@type"}} so the reader can check the declared size before it
 * allocates anything. Other large arrays are summarised by their length.
 */
final class DmTags {
    /** Arrays up to this length are kept in the metadata; longer ones are summarised. */
    private static final int KEEP_ARRAY = 256;

    final int version;
    final ByteOrder dataOrder;
    final ObjectNode root = Json.object();
    private final Bytes be;
    private final Bytes data;
    private long pos;

    private DmTags(Bytes be, int version, ByteOrder dataOrder) {
        this.be = be;
        this.version = version;
        this.dataOrder = dataOrder;
        this.data = be.order(dataOrder);
    }

    static int version(byte[] head) {
        if (head == null || head.length < 16 || head[0] != 0 || head[1] != 0 || head[2] != 0 || (head[3] != 3 && head[3] != 4)) {
            return 0;
        }
        // the byte-order flag (0 or 1) follows the root length: bytes 8–11 in DM3, 12–15 in DM4
        int flagAt = head[3] == 3 ? 8 : 12;
        if (head[flagAt] != 0 || head[flagAt + 1] != 0 || head[flagAt + 2] != 0 || (head[flagAt + 3] & 0xFE) != 0) {
            return 0;
        }
        return head[3];
    }

    static DmTags parse(String file, byte[] bytes) throws FormatException {
        int v = version(bytes);
        if (v == 0) {
            throw FormatException.atOffset(file, 0, "expected a DigitalMicrograph header (version 3 or 4, then the root length and a byte-order flag)");
        }
        Bytes be = new Bytes(file, bytes, ByteOrder.BIG_ENDIAN);
        int flagAt = v == 3 ? 8 : 12;
        DmTags t = new DmTags(be, v, be.i32(flagAt, "byte-order flag") == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        t.pos = flagAt + 4;
        t.pos += 2; // sorted, open
        long n = t.length("number of root tags");
        t.tags(t.root, n, "root", 0);
        return t;
    }

    private long length(String what) throws FormatException {
        long v = version == 4 ? be.i64(pos, what) : be.u32(pos, what);
        if (v < 0 || v > be.size()) {
            throw FormatException.atOffset(be.file, pos, what + " is " + v + ", more than the file's " + be.size() + " bytes could hold");
        }
        pos += version == 4 ? 8 : 4;
        return v;
    }

    private void tags(ObjectNode into, long n, String groupName, int depth) throws FormatException {
        if (depth > EmLimits.MAX_DEPTH) {
            throw FormatException.atOffset(be.file, pos, "tag groups nested more than " + EmLimits.MAX_DEPTH + " deep");
        }
        int unnamedData = 0;
        int unnamedGroups = 0;
        for (long i = 0; i < n; i++) {
            long at = pos;
            int kind = be.u8(pos, "a tag's kind");
            int nameLength = be.u16(pos + 1, "a tag's name length");
            String name = text(be.slice(pos + 3, nameLength, "a tag's name"));
            pos += 3 + nameLength;
            if (version == 4) {
                pos += 8; // the tag's byte length: not needed, every part declares its own size
            }
            if (kind == 21) {
                if (name.isEmpty()) {
                    name = "Data" + unnamedData++;
                }
                String delimiter = new String(be.slice(pos, 4, "the \"%%%%\" of tag '" + name + "'"), StandardCharsets.ISO_8859_1);
                if (!delimiter.equals("%%%%")) {
                    throw FormatException.atOffset(be.file, pos, "expected \"%%%%\" before the value of tag '" + name + "', found '" + delimiter + "'");
                }
                pos += 4;
                long ninfo = length("the info-array length of tag '" + name + "'");
                if (ninfo < 1 || ninfo > 1024) {
                    throw FormatException.atOffset(be.file, pos, "tag '" + name + "' declares " + ninfo + " type codes (expected 1 to 1024)");
                }
                long[] info = new long[(int) ninfo];
                for (int k = 0; k < ninfo; k++) {
                    info[k] = length("type code " + k + " of tag '" + name + "'");
                }
                value(into, name, info, groupName.equals("ImageData") && name.equals("Data"), at);
            } else if (kind == 20) {
                if (name.isEmpty()) {
                    name = "TagGroup" + unnamedGroups++;
                }
                pos += 2; // sorted, open
                long count = length("the tag count of group '" + name + "'");
                ObjectNode g = into.putObject(name);
                tags(g, count, name, depth + 1);
            } else {
                throw FormatException.atOffset(be.file, at, "expected a tag (20 = group, 21 = data) in group '" + groupName + "', found " + kind);
            }
        }
    }

    static int size(long type) {
        return switch ((int) type) {
            case 2, 4 -> 2;
            case 3, 5, 6 -> 4;
            case 7, 11, 12 -> 8;
            case 8, 9, 10 -> 1;
            default -> -1;
        };
    }

    private void value(ObjectNode into, String name, long[] info, boolean imageData, long at) throws FormatException {
        long type = info[0];
        if (info.length == 1) {
            into.set(name, Json.MAPPER.valueToTree(simple(type, name)));
            return;
        }
        if (type == 18 && info.length == 2) {
            // HyperSpy and GMS files agree on one byte per character here
            int len = checkedBytes(info[1], 1, name);
            into.put(name, text(be.slice(pos, len, "string tag '" + name + "'")));
            pos += len;
            return;
        }
        if (type == 15) {
            int fields = (int) Math.min(info.length, at(info, 2, name));
            ArrayNode a = into.putArray(name);
            for (int f = 0; f < fields; f++) {
                a.add(Json.MAPPER.valueToTree(simple(at(info, 4 + 2 * f, name), name)));
            }
            return;
        }
        if (type != 20) {
            throw FormatException.atOffset(be.file, at, "tag '" + name + "' has the unknown type code " + type);
        }
        long element = at(info, 1, name);
        if (info.length == 3) {
            long count = info[2];
            int elSize = size(element);
            if (elSize < 0) {
                throw FormatException.atOffset(be.file, at, "array tag '" + name + "' has the unknown element type " + element);
            }
            int bytes = checkedBytes(count, elSize, name);
            if (imageData) {
                into.putObject(name).put("@offset", pos).put("@count", count).put("@type", element).put("@bytes", bytes);
            } else if (element == 4) { // UTF-16 code units: DM's strings
                StringBuilder sb = new StringBuilder();
                for (int k = 0; k < count; k++) {
                    sb.append((char) data.u16(pos + 2L * k, "string tag '" + name + "'"));
                }
                into.put(name, sb.toString());
            } else if (count <= KEEP_ARRAY) {
                ArrayNode a = into.putArray(name);
                for (int k = 0; k < count; k++) {
                    long save = pos;
                    pos = save + (long) k * elSize;
                    a.add(Json.MAPPER.<JsonNode>valueToTree(simple(element, name)));
                    pos = save;
                }
            } else {
                into.putObject(name).put("array_length", count);
            }
            pos += bytes;
            return;
        }
        // arrays of structs, strings or arrays: sized, kept when short
        long recordBytes;
        long count;
        if (element == 15) {
            int fields = (int) at(info, 3, name);
            if (fields < 0 || 4 + 2L * fields >= info.length) {
                throw FormatException.atOffset(be.file, at, "struct array tag '" + name + "' declares " + fields + " fields in " + info.length + " type codes");
            }
            recordBytes = 0;
            for (int f = 0; f < fields; f++) {
                int s = size(info[5 + 2 * f]);
                if (s < 0) {
                    throw FormatException.atOffset(be.file, at, "struct array tag '" + name + "' has a field of unknown type " + info[5 + 2 * f]);
                }
                recordBytes += s;
            }
            count = at(info, 4 + 2 * fields, name);
        } else if (element == 18) {
            recordBytes = at(info, 2, name);
            count = at(info, 3, name);
        } else if (element == 20) {
            int s = size(at(info, 2, name));
            if (s < 0) {
                throw FormatException.atOffset(be.file, at, "array-of-arrays tag '" + name + "' has an unknown element type");
            }
            recordBytes = s * at(info, 3, name);
            count = at(info, 4, name);
        } else {
            throw FormatException.atOffset(be.file, at, "array tag '" + name + "' has the unknown element type " + element);
        }
        int bytes = checkedBytes(count, recordBytes, name);
        if (imageData) {
            // complex images are arrays of (re, im) structs
            into.putObject(name).put("@offset", pos).put("@count", count).put("@type", element).put("@bytes", bytes);
        } else if (element == 15 && count <= KEEP_ARRAY) {
            int fields = (int) info[3];
            ArrayNode a = into.putArray(name);
            long save = pos;
            for (int k = 0; k < count; k++) {
                ArrayNode rec = a.addArray();
                for (int f = 0; f < fields; f++) {
                    rec.add(Json.MAPPER.<JsonNode>valueToTree(simple(info[5 + 2 * f], name)));
                    pos += size(info[5 + 2 * f]);
                }
            }
            pos = save;
        } else {
            into.putObject(name).put("array_length", count);
        }
        pos += bytes;
    }

    private long at(long[] info, int i, String name) throws FormatException {
        if (i >= info.length) {
            throw FormatException.atOffset(be.file, pos, "tag '" + name + "' has " + info.length + " type codes; its type needs more");
        }
        return info[i];
    }

    private int checkedBytes(long count, long elementBytes, String name) throws FormatException {
        if (count < 0 || elementBytes < 0 || (elementBytes > 0 && count > (be.size() - pos) / elementBytes)) {
            throw FormatException.atOffset(be.file, pos, "tag '" + name + "' declares " + count + " elements of " + elementBytes
                    + " bytes, more than the " + Math.max(0, be.size() - pos) + " bytes left in the file: truncated or corrupt");
        }
        return (int) (count * elementBytes);
    }

    private Object simple(long type, String name) throws FormatException {
        String what = "the value of tag '" + name + "'";
        Object v = switch ((int) type) {
            case 2 -> (Object) data.i16(pos, what);
            case 3 -> data.i32(pos, what);
            case 4 -> data.u16(pos, what);
            case 5 -> data.u32(pos, what);
            case 6 -> (double) data.f32(pos, what);
            case 7 -> data.f64(pos, what);
            case 8 -> data.u8(pos, what) != 0;
            case 9 -> (int) (byte) data.u8(pos, what);
            case 10 -> data.u8(pos, what);
            case 11 -> data.i64(pos, what);
            case 12 -> data.i64(pos, what); // unsigned 64-bit: tag values never reach 2^63
            default -> throw FormatException.atOffset(be.file, pos, "tag '" + name + "' has the unknown simple type " + type);
        };
        pos += size(type);
        if (v instanceof Double d && !Double.isFinite(d)) {
            return d.toString(); // JSON has no NaN; the text keeps what the file said
        }
        return v;
    }

    /** Tag names and strings: UTF-8 when valid, else Latin-1 (older GMS versions wrote 8-bit names). */
    private static String text(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return new String(b, StandardCharsets.ISO_8859_1);
        }
    }
}
