package org.matdx.federated;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.matdx.core.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The protocol's messages as JSON: ring vectors and sealed shares as base64 (little-endian 64-bit
 * words), split points as float bits (an unused split sits at +∞, which JSON has no number for).
 * Every reader checks shape and size and throws {@link IllegalArgumentException} naming the field.
 */
final class Wire {
    /** Most ring values in one message: 2^5 tree nodes × 32 bins × 250 features × 2, with room. */
    static final int MAX_VECTOR = 1 << 20;

    private Wire() {
    }

    static String longs(long[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(v);
        return Base64.getEncoder().encodeToString(b.array());
    }

    static long[] longs(JsonNode n, String field, int expected) {
        byte[] raw = bytes(n, field, MAX_VECTOR * 8);
        if (raw.length % 8 != 0 || raw.length / 8 != expected) {
            throw new IllegalArgumentException(field + ": " + raw.length + " bytes, expected " + expected + " 64-bit values");
        }
        long[] out = new long[expected];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
        return out;
    }

    static byte[] bytes(JsonNode n, String field, int max) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isString() || v.asString().length() > (max / 3 + 1) * 4) {
            throw new IllegalArgumentException(field + ": base64 of at most " + max + " bytes");
        }
        try {
            return Base64.getDecoder().decode(v.asString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": not base64");
        }
    }

    static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    /** A session id as the coordinator names it: 1-100 letters, digits, _ or -. */
    static void requireSessionId(String session) {
        if (session == null || !session.matches("[A-Za-z0-9_-]{1,100}")) {
            throw new IllegalArgumentException("session: 1-100 letters, digits, _ or -");
        }
    }

    /** This node's place among the parties of a session, as {@code open} gives it. */
    record Seat(int party, int parties) {
    }

    static Seat seat(JsonNode open) {
        int party = integer(open, "party", 1, FixedPoint.MAX_PARTIES);
        int parties = integer(open, "parties", SecureAggregation.MIN_PARTIES, FixedPoint.MAX_PARTIES);
        if (party > parties) {
            throw new IllegalArgumentException("party: " + party + " of " + parties);
        }
        return new Seat(party, parties);
    }

    static int integer(JsonNode n, String field, int min, int max) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
            throw new IllegalArgumentException(field + ": a whole number " + min + "-" + max);
        }
        return v.asInt();
    }

    static String text(JsonNode n, String field, int max) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isString() || v.asString().isEmpty() || v.asString().length() > max) {
            throw new IllegalArgumentException(field + ": a string of 1-" + max + " characters");
        }
        return v.asString();
    }

    static double number(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw new IllegalArgumentException(field + ": a finite number");
        }
        return v.asDouble();
    }

    static ArrayNode parties(Set<Integer> ps) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        new TreeSet<>(ps).forEach(a::add);
        return a;
    }

    static Set<Integer> parties(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isArray() || v.size() > FixedPoint.MAX_PARTIES) {
            throw new IllegalArgumentException(field + ": a list of at most " + FixedPoint.MAX_PARTIES + " party numbers");
        }
        Set<Integer> out = new TreeSet<>();
        for (JsonNode p : v) {
            if (!p.isIntegralNumber() || !p.canConvertToInt() || !out.add(p.asInt())) {
                throw new IllegalArgumentException(field + ": distinct party numbers");
            }
            SecureAggregation.checkParty(p.asInt());
        }
        return out;
    }

    static ObjectNode keys(SecureAggregation.PublicKeys k) {
        return Json.object().put("party", k.party()).put("cipher_key", b64(k.cipherKey())).put("mask_key", b64(k.maskKey()));
    }

    static SecureAggregation.PublicKeys keys(JsonNode n) {
        return new SecureAggregation.PublicKeys(integer(n, "party", 1, FixedPoint.MAX_PARTIES), bytes(n, "cipher_key", 32),
                bytes(n, "mask_key", 32));
    }

    static ArrayNode sealed(List<SecureAggregation.Sealed> list) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (var s : list) {
            a.addObject().put("from", s.from()).put("to", s.to()).put("box", b64(s.box()));
        }
        return a;
    }

    static List<SecureAggregation.Sealed> sealed(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isArray() || v.size() > FixedPoint.MAX_PARTIES) {
            throw new IllegalArgumentException(field + ": a list of at most " + FixedPoint.MAX_PARTIES + " sealed shares");
        }
        List<SecureAggregation.Sealed> out = new ArrayList<>();
        for (JsonNode s : v) {
            out.add(new SecureAggregation.Sealed(integer(s, "from", 1, FixedPoint.MAX_PARTIES),
                    integer(s, "to", 1, FixedPoint.MAX_PARTIES), bytes(s, "box", 4096)));
        }
        return out;
    }

    static ObjectNode shareMap(Map<Integer, byte[]> m) {
        ObjectNode o = Json.object();
        new TreeSet<>(m.keySet()).forEach(k -> o.put(Integer.toString(k), b64(m.get(k))));
        return o;
    }

    static Map<Integer, byte[]> shareMap(JsonNode n, String field) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isObject() || v.size() > FixedPoint.MAX_PARTIES) {
            throw new IllegalArgumentException(field + ": an object of at most " + FixedPoint.MAX_PARTIES + " shares");
        }
        Map<Integer, byte[]> out = new HashMap<>();
        for (var name : v.propertyNames()) {
            int p;
            try {
                p = Integer.parseInt(name);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(field + ": keys are party numbers");
            }
            SecureAggregation.checkParty(p);
            byte[] share = bytes(v, name, Shamir.SHARE_BYTES);
            if (share.length != Shamir.SHARE_BYTES) {
                throw new IllegalArgumentException(field + "." + name + ": a share is " + Shamir.SHARE_BYTES + " bytes");
            }
            out.put(p, share);
        }
        return out;
    }

    static ObjectNode tree(FederatedTrees.Tree t) {
        ObjectNode o = Json.object();
        ArrayNode f = o.putArray("feature");
        ArrayNode at = o.putArray("at_bits");
        ArrayNode leaf = o.putArray("leaf");
        for (int i = 0; i < t.feature().length; i++) {
            f.add(t.feature()[i]);
            at.add(Float.floatToIntBits(t.at()[i]));
        }
        for (double v : t.leaf()) {
            leaf.add(v);
        }
        return o;
    }

    static FederatedTrees.Tree tree(JsonNode n, int depth) {
        int internal = (1 << depth) - 1;
        JsonNode f = n == null ? null : n.get("feature");
        JsonNode at = n == null ? null : n.get("at_bits");
        JsonNode leaf = n == null ? null : n.get("leaf");
        if (f == null || at == null || leaf == null || !f.isArray() || !at.isArray() || !leaf.isArray()
                || f.size() != internal || at.size() != internal || leaf.size() != internal + 1) {
            throw new IllegalArgumentException("tree: " + internal + " features, split points and " + (internal + 1) + " leaves");
        }
        FederatedTrees.Tree t = FederatedTrees.Tree.empty(depth);
        for (int i = 0; i < internal; i++) {
            if (!f.get(i).isIntegralNumber() || !at.get(i).isIntegralNumber() || !at.get(i).canConvertToInt()) {
                throw new IllegalArgumentException("tree: whole numbers for features and split bits");
            }
            t.feature()[i] = f.get(i).asInt();
            float v = Float.intBitsToFloat(at.get(i).asInt());
            if (Float.isNaN(v)) {
                throw new IllegalArgumentException("tree: a split at NaN");
            }
            t.at()[i] = v;
        }
        for (int i = 0; i <= internal; i++) {
            if (!leaf.get(i).isNumber() || !Double.isFinite(leaf.get(i).asDouble()) || Math.abs(leaf.get(i).asDouble()) > 2) {
                throw new IllegalArgumentException("tree: leaves are finite numbers within ±2 (the scaled target)");
            }
            t.leaf()[i] = leaf.get(i).asDouble();
        }
        return t;
    }

    static List<FederatedTrees.Tree> trees(JsonNode n, String field, int depth, int max) {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isArray() || v.size() > max) {
            throw new IllegalArgumentException(field + ": a list of at most " + max + " trees");
        }
        List<FederatedTrees.Tree> out = new ArrayList<>();
        v.forEach(t -> out.add(tree(t, depth)));
        return out;
    }

    static ArrayNode trees(List<FederatedTrees.Tree> ts) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        ts.forEach(t -> a.add(tree(t)));
        return a;
    }
}
