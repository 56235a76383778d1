package org.matdx.federated;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Secure aggregation after Bonawitz, Ivanov, Kreuter, Marcedone, McMahan, Patel, Ramage, Segal
 * &amp; Seth, "Practical Secure Aggregation for Privacy-Preserving Machine Learning", CCS 2017, in
 * its honest-but-curious form: the coordinator learns the sum of the parties' vectors over
 * Z/2^64 and nothing else, even when a party drops out after sending.
 * <ul>
 *   <li><b>Keys</b> (once per session): each party has two X25519 key pairs, one to seal the shares
 *       it sends others through the coordinator, one whose agreement with every other party gives a
 *       pairwise seed s<sub>uv</sub>. It splits the second private key into Shamir shares
 *       (threshold t), one sealed for each other party.</li>
 *   <li><b>Masking</b> (every round): party u sends y<sub>u</sub> = x<sub>u</sub> + PRG(b<sub>u</sub>)
 *       + Σ<sub>v&gt;u</sub> PRG(s<sub>uv</sub>) − Σ<sub>v&lt;u</sub> PRG(s<sub>uv</sub>), with a fresh
 *       self-mask seed b<sub>u</sub> shared among the others (sealed) in the same message. Pairwise
 *       masks cancel in the sum; the self-mask keeps y<sub>u</sub> uniform even once u's pairwise
 *       seeds are revealed.</li>
 *   <li><b>Unmasking</b>: for each party that sent, the others reveal its shares of b; for each
 *       that did not (dropped), its shares of the pairwise key, from which the coordinator
 *       recomputes and removes that party's masks on the others. A party never reveals both kinds
 *       for the same party, and once it revealed a dropped party's key it refuses to unmask that
 *       party's input ever after (its pairwise masks are known from then on).</li>
 * </ul>
 * With t = n − 1 the round completes when one party drops out; fewer than t parties learn nothing
 * of anyone's seeds. What it does not protect against (a coordinator that lies about who dropped,
 * substitutes keys, or colludes with t − 1 parties): docs/federation.md.
 */
public final class SecureAggregation {
    /** The fewest parties a session may have: with two, each party could subtract its own input from the sum. */
    public static final int MIN_PARTIES = 3;

    private SecureAggregation() {
    }

    /** Threshold of the Shamir shares: n − 1, so one party may drop out of every round. */
    public static int threshold(int parties) {
        return Math.max(2, parties - 1);
    }

    /** A party's two public keys. */
    public record PublicKeys(int party, byte[] cipherKey, byte[] maskKey) {
        public PublicKeys {
            checkParty(party);
            Crypto.publicKey(cipherKey);
            Crypto.publicKey(maskKey);
        }
    }

    /** A share sealed by one party for another, carried by the coordinator, which cannot read it. */
    public record Sealed(int from, int to, byte[] box) {
        public Sealed {
            checkParty(from);
            checkParty(to);
            if (from == to || box.length > 4096) {
                throw new IllegalArgumentException("a sealed share from " + from + " to " + to + " of " + box.length + " bytes");
            }
        }
    }

    /** One party's masked vector for a round and its self-mask seed's shares for the others. */
    public record Masked(int party, long[] vector, List<Sealed> selfMaskShares) {
        public Masked {
            checkParty(party);
            selfMaskShares = List.copyOf(selfMaskShares);
        }
    }

    /** What a surviving party reveals for a round: shares of the survivors' self-masks and of the dropped parties' keys. */
    public record Reveal(int party, Map<Integer, byte[]> selfMaskShares, Map<Integer, byte[]> keyShares) {
        public Reveal {
            checkParty(party);
            selfMaskShares = Map.copyOf(selfMaskShares);
            keyShares = Map.copyOf(keyShares);
        }
    }

    static void checkParty(int p) {
        if (p < 1 || p > FixedPoint.MAX_PARTIES) {
            throw new IllegalArgumentException("party " + p + " is not 1-" + FixedPoint.MAX_PARTIES);
        }
    }

    private static String aad(String session, String round, String kind, int from, int to) {
        return "matdx-secagg|" + session + "|" + round + "|" + kind + "|" + from + "|" + to;
    }

    private static long[] pairMask(byte[] pairSecret, String session, String round, int a, int b, int length) {
        byte[] seed = Crypto.hkdf(pairSecret, session, "matdx-secagg pair " + Math.min(a, b) + "-" + Math.max(a, b));
        return Crypto.stream(Crypto.hkdf(seed, session, "round " + round), length);
    }

    private static long[] selfMask(byte[] seed, String session, String round, int length) {
        return Crypto.stream(Crypto.hkdf(seed, session, "self " + round), length);
    }

    /**
     * One party (a MatDX node) of a session. It keeps its private keys, the shares others gave it,
     * and what it has revealed, and refuses every request that would let the coordinator see its or
     * another party's input alone.
     */
    public static final class Party {
        private final String session;
        private final int index;
        private final SecureRandom random;
        private final KeyPair cipher;
        private final KeyPair mask;
        private final Map<Integer, PublicKeys> peers = new TreeMap<>();
        private int threshold;
        /** Shares of other parties' mask keys held by this party (x = its index). */
        private final Map<Integer, byte[]> keyShares = new HashMap<>();
        /** Parties whose mask key this party revealed: their inputs are never unmasked again. */
        private final Set<Integer> exposed = new HashSet<>();
        /** Rounds this party has masked an input for, and rounds it has answered an unmask for. */
        private final Set<String> masked = new HashSet<>();
        private final Set<String> revealed = new HashSet<>();
        private final Map<String, Set<Integer>> participants = new HashMap<>();
        /** This party's own share of its self-mask seed, per round until it is revealed. */
        private final Map<String, byte[]> ownSelfShare = new HashMap<>();

        public Party(String session, int index, SecureRandom random) {
            checkParty(index);
            if (session == null || session.isBlank() || session.length() > 200) {
                throw new IllegalArgumentException("a session id of 1-200 characters");
            }
            this.session = session;
            this.index = index;
            this.random = random;
            this.cipher = Crypto.x25519(random);
            this.mask = Crypto.x25519(random);
        }

        public int index() {
            return index;
        }

        public synchronized PublicKeys keys() {
            return new PublicKeys(index, Crypto.publicBytes(cipher.getPublic()), Crypto.publicBytes(mask.getPublic()));
        }

        /** Learns everyone's keys and seals a share of its mask key for each other party. */
        public synchronized List<Sealed> shareKeys(List<PublicKeys> all) {
            if (!peers.isEmpty()) {
                throw new IllegalStateException("keys were already shared in session " + session);
            }
            Map<Integer, PublicKeys> byParty = new TreeMap<>();
            for (PublicKeys k : all) {
                if (byParty.put(k.party(), k) != null) {
                    throw new IllegalArgumentException("party " + k.party() + " is listed twice");
                }
            }
            int n = byParty.size();
            if (n < MIN_PARTIES || !byParty.keySet().equals(range(n))) {
                throw new IllegalArgumentException("a session needs parties 1..n, n ≥ " + MIN_PARTIES + "; got " + byParty.keySet());
            }
            PublicKeys me = byParty.get(index);
            if (me == null || !Arrays.equals(me.maskKey(), keys().maskKey())
                    || !Arrays.equals(me.cipherKey(), keys().cipherKey())) {
                throw new IllegalArgumentException("the key list does not carry this party's own keys");
            }
            peers.putAll(byParty);
            threshold = threshold(n);
            List<Shamir.Share> shares = Shamir.split(Crypto.privateBytes(mask.getPrivate()), threshold, n, random);
            List<Sealed> out = new ArrayList<>();
            for (Shamir.Share s : shares) {
                if (s.x() == index) {
                    keyShares.put(index, s.yBytes());
                } else {
                    out.add(new Sealed(index, s.x(), Crypto.seal(sealKey(s.x()), s.yBytes(),
                            aad(session, "", "key", index, s.x()), random)));
                }
            }
            return out;
        }

        /** Takes the shares of their mask keys the other parties sealed for it (one from each). */
        public synchronized void acceptKeyShares(List<Sealed> toMe) {
            requireKeys();
            Map<Integer, byte[]> got = new HashMap<>();
            for (Sealed s : toMe) {
                if (s.to() != index || !peers.containsKey(s.from()) || got.containsKey(s.from())) {
                    throw new IllegalArgumentException("a key share from " + s.from() + " to " + s.to() + " is not for party "
                            + index + " or is repeated");
                }
                got.put(s.from(), Shamir.Share.of(index, Crypto.open(sealKey(s.from()), s.box(),
                        aad(session, "", "key", s.from(), index))).yBytes());
            }
            Set<Integer> expected = new TreeSet<>(peers.keySet());
            expected.remove(index);
            if (!got.keySet().equals(expected)) {
                throw new IllegalArgumentException("key shares from " + new TreeSet<>(got.keySet()) + ", expected from " + expected);
            }
            keyShares.putAll(got);
        }

        /**
         * Masks this party's input for {@code round} among {@code roundParties} (the parties still
         * in the session). Refused when this party's own key was revealed (it would be unmasked) or
         * when a listed party's was.
         */
        public synchronized Masked mask(String round, long[] x, Set<Integer> roundParties) {
            requireKeys();
            checkRound(round);
            if (!roundParties.contains(index) || !peers.keySet().containsAll(roundParties) || roundParties.size() < threshold) {
                throw new IllegalArgumentException("round " + round + " lists parties " + roundParties + "; this session has "
                        + peers.keySet() + " and needs at least " + threshold);
            }
            if (exposed.contains(index) || roundParties.stream().anyMatch(exposed::contains)) {
                throw new IllegalStateException("round " + round + " includes a party whose key was revealed as dropped");
            }
            if (!masked.add(round)) {
                throw new IllegalStateException("this party already sent its input for round " + round);
            }
            participants.put(round, Set.copyOf(roundParties));
            int len = x.length;
            long[] y = x.clone();
            byte[] b = new byte[Crypto.KEY_BYTES];
            random.nextBytes(b);
            FixedPoint.add(y, selfMask(b, session, round, len));
            PrivateKey sk = mask.getPrivate();
            for (int v : roundParties) {
                if (v == index) {
                    continue;
                }
                long[] m = pairMask(Crypto.agree(sk, Crypto.publicKey(peers.get(v).maskKey())), session, round, index, v, len);
                if (index < v) {
                    FixedPoint.add(y, m);
                } else {
                    FixedPoint.subtract(y, m);
                }
            }
            List<Sealed> sealed = new ArrayList<>();
            List<Shamir.Share> shares = Shamir.split(b, threshold, peers.size(), random);
            for (Shamir.Share s : shares) {
                if (s.x() == index) {
                    ownSelfShare.put(round, s.yBytes());
                } else if (roundParties.contains(s.x())) {
                    sealed.add(new Sealed(index, s.x(), Crypto.seal(sealKey(s.x()), s.yBytes(),
                            aad(session, round, "self", index, s.x()), random)));
                }
            }
            return new Masked(index, y, sealed);
        }

        /**
         * Reveals, for {@code round}, shares of the survivors' self-masks (opened from the sealed
         * shares the coordinator forwards) and this party's shares of the dropped parties' mask keys.
         * Answers once per round, only if it took part, only if survivors and dropped split that
         * round's parties and there are at least t survivors.
         */
        public synchronized Reveal reveal(String round, Set<Integer> survivors, Set<Integer> dropped, List<Sealed> selfSharesToMe) {
            requireKeys();
            Set<Integer> roundParties = participants.get(round);
            if (roundParties == null) {
                throw new IllegalStateException("this party sent nothing in round " + round);
            }
            Set<Integer> union = new HashSet<>(survivors);
            union.addAll(dropped);
            if (!survivors.contains(index) || union.size() != survivors.size() + dropped.size() || !union.equals(roundParties)) {
                throw new IllegalArgumentException("survivors " + survivors + " and dropped " + dropped
                        + " must split round " + round + "'s parties " + roundParties);
            }
            if (survivors.size() < threshold) {
                throw new IllegalArgumentException(survivors.size() + " survivors; unmasking needs at least " + threshold);
            }
            if (survivors.stream().anyMatch(exposed::contains)) {
                throw new IllegalStateException("a survivor's key was revealed earlier; its input stays masked");
            }
            if (!revealed.add(round)) {
                throw new IllegalStateException("this party already answered the unmasking of round " + round);
            }
            Map<Integer, byte[]> self = new HashMap<>();
            self.put(index, ownSelfShare.remove(round));
            for (Sealed s : selfSharesToMe) {
                if (s.to() != index || !survivors.contains(s.from()) || s.from() == index || self.containsKey(s.from())) {
                    throw new IllegalArgumentException("a self-mask share from " + s.from() + " to " + s.to()
                            + " does not belong in round " + round);
                }
                self.put(s.from(), Crypto.open(sealKey(s.from()), s.box(), aad(session, round, "self", s.from(), index)));
            }
            Map<Integer, byte[]> keys = new HashMap<>();
            for (int d : dropped) {
                keys.put(d, keyShares.get(d));
                exposed.add(d);
            }
            return new Reveal(index, self, keys);
        }

        private byte[] sealKey(int other) {
            byte[] secret = Crypto.agree(cipher.getPrivate(), Crypto.publicKey(peers.get(other).cipherKey()));
            return Crypto.hkdf(secret, session, "matdx-secagg seal " + Math.min(index, other) + "-" + Math.max(index, other));
        }

        private void requireKeys() {
            if (peers.isEmpty()) {
                throw new IllegalStateException("the keys of session " + session + " have not been shared yet");
            }
        }
    }

    private static void checkRound(String round) {
        if (round == null || round.isEmpty() || round.length() > 100) {
            throw new IllegalArgumentException("a round id of 1-100 characters");
        }
    }

    static Set<Integer> range(int n) {
        Set<Integer> s = new TreeSet<>();
        for (int i = 1; i <= n; i++) {
            s.add(i);
        }
        return s;
    }

    /**
     * The coordinator's side: the sum of the survivors' inputs from their masked vectors and the
     * reveals of at least t survivors. Refuses anything inconsistent (a vector of the wrong length,
     * shares that do not cover every survivor and dropped party).
     */
    public static long[] unmask(String session, String round, Map<Integer, PublicKeys> keys, Map<Integer, Masked> received,
                                Set<Integer> dropped, List<Reveal> reveals, int length) {
        int threshold = threshold(keys.size());
        if (received.size() < threshold) {
            throw new IllegalArgumentException(received.size() + " inputs in round " + round + "; at least " + threshold + " needed");
        }
        Set<Integer> revealers = new HashSet<>();
        for (Reveal r : reveals) {
            if (!received.containsKey(r.party()) || !revealers.add(r.party())) {
                throw new IllegalArgumentException("a reveal from party " + r.party() + ", which sent no input or revealed twice");
            }
        }
        if (revealers.size() < threshold) {
            throw new IllegalArgumentException(revealers.size() + " parties revealed in round " + round + "; at least "
                    + threshold + " needed");
        }
        long[] sum = new long[length];
        for (Masked m : received.values()) {
            if (m.vector().length != length) {
                throw new IllegalArgumentException("party " + m.party() + " sent " + m.vector().length + " values, expected " + length);
            }
            FixedPoint.add(sum, m.vector());
        }
        for (int u : received.keySet()) {
            byte[] b = Shamir.combine(sharesOf(u, reveals, true, threshold), Crypto.KEY_BYTES);
            FixedPoint.subtract(sum, selfMask(b, session, round, length));
        }
        for (int d : dropped) {
            PrivateKey sk = Crypto.privateKey(Shamir.combine(sharesOf(d, reveals, false, threshold), Crypto.KEY_BYTES));
            for (int u : received.keySet()) {
                long[] m = pairMask(Crypto.agree(sk, Crypto.publicKey(keys.get(u).maskKey())), session, round, u, d, length);
                // u added +m when u < d, −m otherwise
                if (u < d) {
                    FixedPoint.subtract(sum, m);
                } else {
                    FixedPoint.add(sum, m);
                }
            }
        }
        return sum;
    }

    private static List<Shamir.Share> sharesOf(int party, List<Reveal> reveals, boolean self, int threshold) {
        List<Shamir.Share> out = new ArrayList<>();
        for (Reveal r : reveals) {
            byte[] y = (self ? r.selfMaskShares() : r.keyShares()).get(party);
            if (y != null) {
                out.add(Shamir.Share.of(r.party(), y));
            }
        }
        if (out.size() < threshold) {
            throw new IllegalArgumentException(out.size() + " shares of party " + party + "'s " + (self ? "self-mask" : "key")
                    + "; at least " + threshold + " needed");
        }
        return out.subList(0, threshold);
    }
}
