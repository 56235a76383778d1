package org.matdx.federated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SecureAggregationTest {
    static final String SESSION = "s-test";

    /** n parties that have exchanged keys and key shares through an honest coordinator. */
    static Map<Integer, SecureAggregation.Party> session(int n, Map<Integer, SecureAggregation.PublicKeys> keys) {
        SecureRandom random = new SecureRandom();
        Map<Integer, SecureAggregation.Party> parties = new HashMap<>();
        for (int i = 1; i <= n; i++) {
            parties.put(i, new SecureAggregation.Party(SESSION, i, random));
            keys.put(i, parties.get(i).keys());
        }
        List<SecureAggregation.Sealed> all = new ArrayList<>();
        for (var p : parties.values()) {
            all.addAll(p.shareKeys(List.copyOf(keys.values())));
        }
        for (var p : parties.values()) {
            p.acceptKeyShares(all.stream().filter(s -> s.to() == p.index()).toList());
        }
        return parties;
    }

    static long[] round(Map<Integer, SecureAggregation.Party> parties, Map<Integer, SecureAggregation.PublicKeys> keys,
                        String round, Map<Integer, long[]> inputs, Set<Integer> sendersOnly) {
        Set<Integer> everyone = new TreeSet<>(inputs.keySet());
        Map<Integer, SecureAggregation.Masked> got = new HashMap<>();
        for (int u : everyone) {
            SecureAggregation.Masked m = parties.get(u).mask(round, inputs.get(u), everyone);
            if (sendersOnly.contains(u)) {
                got.put(u, m); // the others' messages are lost: they dropped out after masking
            }
        }
        Set<Integer> dropped = new TreeSet<>(everyone);
        dropped.removeAll(got.keySet());
        List<SecureAggregation.Reveal> reveals = new ArrayList<>();
        for (int v : got.keySet()) {
            List<SecureAggregation.Sealed> toV = got.values().stream().flatMap(m -> m.selfMaskShares().stream())
                    .filter(s -> s.to() == v).toList();
            reveals.add(parties.get(v).reveal(round, got.keySet(), dropped, toV));
        }
        return SecureAggregation.unmask(SESSION, round, keys, got, dropped, reveals, inputs.values().iterator().next().length);
    }

    static Map<Integer, long[]> inputs(int n, int len, long seed) {
        Random r = new Random(seed);
        Map<Integer, long[]> in = new HashMap<>();
        for (int i = 1; i <= n; i++) {
            double[] v = new double[len];
            for (int k = 0; k < len; k++) {
                v[k] = r.nextGaussian() * 1000;
            }
            in.put(i, FixedPoint.encode(v));
        }
        return in;
    }

    static long[] plainSum(Map<Integer, long[]> in, Set<Integer> who) {
        long[] s = new long[in.values().iterator().next().length];
        who.forEach(i -> FixedPoint.add(s, in.get(i)));
        return s;
    }

    @Test
    void masksCancelInTheSumOfAllParties() {
        Map<Integer, SecureAggregation.PublicKeys> keys = new HashMap<>();
        var parties = session(4, keys);
        Map<Integer, long[]> in = inputs(4, 500, 1);
        long[] sum = round(parties, keys, "t0:l0", in, Set.of(1, 2, 3, 4));
        assertArrayEquals(plainSum(in, Set.of(1, 2, 3, 4)), sum);
        double[] decoded = FixedPoint.decode(sum);
        double expected = 0;
        for (long[] v : in.values()) {
            expected += FixedPoint.decode(v)[7];
        }
        assertEquals(expected, decoded[7], 1e-5);
    }

    @Test
    void aRoundCompletesWhenOnePartyDropsAfterMasking() {
        Map<Integer, SecureAggregation.PublicKeys> keys = new HashMap<>();
        var parties = session(4, keys);
        Map<Integer, long[]> in = inputs(4, 300, 2);
        assertArrayEquals(plainSum(in, Set.of(1, 2, 4)), round(parties, keys, "t0:l0", in, Set.of(1, 2, 4)));
        // the next round goes on without party 3, whose masks are now known: the others refuse to include it
        Map<Integer, long[]> next = inputs(4, 300, 3);
        assertThrows(IllegalStateException.class, () -> parties.get(1).mask("t0:l1", next.get(1), Set.of(1, 2, 3, 4)));
        next.remove(3);
        assertArrayEquals(plainSum(next, Set.of(1, 2, 4)), round(parties, keys, "t0:l2", next, Set.of(1, 2, 4)));
    }

    @Test
    void threePartiesTolerateOneDropAndTwoDropsFail() {
        Map<Integer, SecureAggregation.PublicKeys> keys = new HashMap<>();
        var parties = session(3, keys);
        Map<Integer, long[]> in = inputs(3, 50, 4);
        assertArrayEquals(plainSum(in, Set.of(2, 3)), round(parties, keys, "r1", in, Set.of(2, 3)));
        Map<Integer, SecureAggregation.PublicKeys> keys4 = new HashMap<>();
        var four = session(4, keys4);
        assertThrows(IllegalArgumentException.class, () -> round(four, keys4, "r1", inputs(4, 10, 5), Set.of(1, 2)));
    }

    @Test
    void aSinglePartysMessageLooksUniformWhateverItsInput() {
        Map<Integer, SecureAggregation.PublicKeys> keys = new HashMap<>();
        var parties = session(3, keys);
        int len = 20_000;
        long[] zeros = new long[len];
        long[] constant = FixedPoint.encode(java.util.stream.DoubleStream.generate(() -> 123.456).limit(len).toArray());
        long[] a = parties.get(1).mask("ra", zeros, Set.of(1, 2, 3)).vector();
        long[] b = parties.get(1).mask("rb", constant, Set.of(1, 2, 3)).vector();
        for (long[] y : List.of(a, b)) {
            // every bit position is set in about half the values (binomial: 4 σ ≈ 283 of 20,000)
            for (int bit = 0; bit < 64; bit++) {
                int ones = 0;
                for (long v : y) {
                    ones += (int) ((v >>> bit) & 1);
                }
                assertTrue(Math.abs(ones - len / 2) < 400, "bit " + bit + " set in " + ones + " of " + len);
            }
            // byte values are uniform: χ² with 255 degrees of freedom stays well below 400
            int[] counts = new int[256];
            for (long v : y) {
                for (int k = 0; k < 8; k++) {
                    counts[(int) ((v >>> (8 * k)) & 0xff)]++;
                }
            }
            double e = len * 8 / 256.0;
            double chi = 0;
            for (int c : counts) {
                chi += (c - e) * (c - e) / e;
            }
            assertTrue(chi < 400, "chi² = " + chi);
        }
        // the constant input does not show as a constant difference between messages
        assertNotEquals(a[0] - a[1], b[0] - b[1] - (constant[0] - constant[1]));
    }

    @Test
    void forgedOrMisaddressedSharesAreRefused() {
        Map<Integer, SecureAggregation.PublicKeys> keys = new HashMap<>();
        var parties = session(3, keys);
        long[] x = new long[10];
        var m1 = parties.get(1).mask("r", x, Set.of(1, 2, 3));
        parties.get(2).mask("r", x, Set.of(1, 2, 3));
        var share = m1.selfMaskShares().stream().filter(s -> s.to() == 2).findFirst().orElseThrow();
        byte[] box = share.box().clone();
        box[box.length - 1] ^= 1;
        var forged = new SecureAggregation.Sealed(1, 2, box);
        assertThrows(IllegalArgumentException.class, () -> parties.get(2).reveal("r", Set.of(1, 2, 3), Set.of(), List.of(forged)));
        // a share sealed for party 2 relabelled as from party 3 fails authentication as well
        var misattributed = new SecureAggregation.Sealed(3, 2, share.box());
        parties.get(3).mask("r2", x, Set.of(1, 2, 3));
        parties.get(2).mask("r2", x, Set.of(1, 2, 3));
        assertThrows(IllegalArgumentException.class,
                () -> parties.get(2).reveal("r2", Set.of(1, 2, 3), Set.of(), List.of(misattributed)));
    }

    @Test
    void aPartyNeverRevealsBothMasksOfOneParty() {
        Map<Integer, SecureAggregation.PublicKeys> keys = new HashMap<>();
        var parties = session(4, keys);
        long[] x = new long[5];
        for (int i = 1; i <= 4; i++) {
            parties.get(i).mask("r", x, Set.of(1, 2, 3, 4));
        }
        // a coordinator claiming 4 both survived and dropped, or asking twice, is refused
        assertThrows(IllegalArgumentException.class, () -> parties.get(1).reveal("r", Set.of(1, 2, 3, 4), Set.of(4), List.of()));
        parties.get(1).reveal("r", Set.of(1, 2, 3), Set.of(4), List.of());
        assertThrows(IllegalStateException.class, () -> parties.get(1).reveal("r", Set.of(1, 2, 3, 4), Set.of(), List.of()));
        // and never unmasks 4's input again once 4's key is out
        parties.get(4).mask("r2", x, Set.of(1, 2, 3, 4));
        assertThrows(IllegalStateException.class, () -> parties.get(1).mask("r2", x, Set.of(1, 2, 3, 4)));
        // too few survivors: no reveal
        assertThrows(IllegalArgumentException.class, () -> parties.get(2).reveal("r", Set.of(1, 2), Set.of(3, 4), List.of()));
    }

    @Test
    void nonFiniteOrOversizedValuesAreNotEncoded() {
        assertThrows(IllegalArgumentException.class, () -> FixedPoint.encode(new double[] {Double.NaN}));
        assertThrows(IllegalArgumentException.class, () -> FixedPoint.encode(new double[] {Double.POSITIVE_INFINITY}));
        assertThrows(IllegalArgumentException.class, () -> FixedPoint.encode(new double[] {2e11}));
        assertEquals(-1.5, FixedPoint.decode(FixedPoint.encode(new double[] {-1.5}))[0]);
    }

    @Test
    void theCoordinatorRefusesVectorsOfTheWrongLength() {
        Map<Integer, SecureAggregation.PublicKeys> keys = new HashMap<>();
        var parties = session(3, keys);
        Map<Integer, SecureAggregation.Masked> got = new HashMap<>();
        for (int i = 1; i <= 3; i++) {
            got.put(i, parties.get(i).mask("r", new long[i == 2 ? 11 : 10], Set.of(1, 2, 3)));
        }
        List<SecureAggregation.Reveal> reveals = new ArrayList<>();
        assertThrows(IllegalArgumentException.class, () -> SecureAggregation.unmask(SESSION, "r", keys, got, Set.of(), reveals, 10));
    }

    @Test
    void shamirRecoversFromAnyThresholdSubsetOnly() {
        SecureRandom r = new SecureRandom();
        byte[] secret = new byte[32];
        r.nextBytes(secret);
        List<Shamir.Share> shares = Shamir.split(secret, 3, 5, r);
        assertArrayEquals(secret, Shamir.combine(List.of(shares.get(0), shares.get(2), shares.get(4)), 32));
        assertArrayEquals(secret, Shamir.combine(List.of(shares.get(4), shares.get(1), shares.get(3)), 32));
        byte[] two;
        try {
            two = Shamir.combine(List.of(shares.get(0), shares.get(1)), 32);
        } catch (IllegalArgumentException e) {
            two = null; // almost always: two shares interpolate to a number far beyond 32 bytes
        }
        if (two != null) {
            assertNotEquals(java.util.HexFormat.of().formatHex(secret), java.util.HexFormat.of().formatHex(two));
        }
        assertThrows(IllegalArgumentException.class, () -> Shamir.combine(List.of(shares.get(0), shares.get(0)), 32));
    }
}
