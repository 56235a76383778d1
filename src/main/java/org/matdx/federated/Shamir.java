package org.matdx.federated;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shamir's (t, n) secret sharing (Comm. ACM 22, 1979) over the prime field of p = 2^521 − 1 (a
 * Mersenne prime, so primality needs no argument): the secret is the constant term of a random
 * polynomial of degree t − 1, party x receives f(x). Any t shares give the secret by Lagrange
 * interpolation at 0; fewer than t are uniformly distributed whatever the secret.
 */
public final class Shamir {
    public static final BigInteger P = BigInteger.ONE.shiftLeft(521).subtract(BigInteger.ONE);
    /** Bytes of a share's value (521 bits). */
    public static final int SHARE_BYTES = 66;
    /** Secrets of at most this many bytes (below p). */
    public static final int MAX_SECRET_BYTES = 64;

    private Shamir() {
    }

    /** One party's share: its x (1..n) and f(x). */
    public record Share(int x, BigInteger y) {
        public Share {
            if (x < 1 || x > FixedPoint.MAX_PARTIES || y.signum() < 0 || y.compareTo(P) >= 0) {
                throw new IllegalArgumentException("not a share: x = " + x);
            }
        }

        public byte[] yBytes() {
            byte[] raw = y.toByteArray();
            byte[] out = new byte[SHARE_BYTES];
            int n = Math.min(raw.length, SHARE_BYTES);
            System.arraycopy(raw, raw.length - n, out, SHARE_BYTES - n, n);
            return out;
        }

        public static Share of(int x, byte[] y) {
            if (y.length != SHARE_BYTES) {
                throw new IllegalArgumentException("a share is " + SHARE_BYTES + " bytes, got " + y.length);
            }
            return new Share(x, new BigInteger(1, y));
        }
    }

    /** Shares of {@code secret} for parties 1..n, any {@code threshold} of which recover it. */
    public static List<Share> split(byte[] secret, int threshold, int n, SecureRandom random) {
        if (secret.length == 0 || secret.length > MAX_SECRET_BYTES) {
            throw new IllegalArgumentException("a secret of 1-" + MAX_SECRET_BYTES + " bytes, got " + secret.length);
        }
        if (threshold < 2 || threshold > n || n > FixedPoint.MAX_PARTIES) {
            throw new IllegalArgumentException("need 2 ≤ threshold ≤ parties ≤ " + FixedPoint.MAX_PARTIES + ", got "
                    + threshold + " of " + n);
        }
        BigInteger[] coeff = new BigInteger[threshold];
        coeff[0] = new BigInteger(1, secret);
        for (int i = 1; i < threshold; i++) {
            coeff[i] = new BigInteger(P.bitLength() + 64, random).mod(P);
        }
        List<Share> out = new ArrayList<>(n);
        for (int x = 1; x <= n; x++) {
            BigInteger bx = BigInteger.valueOf(x);
            BigInteger y = BigInteger.ZERO;
            for (int i = threshold - 1; i >= 0; i--) {
                y = y.multiply(bx).add(coeff[i]).mod(P);
            }
            out.add(new Share(x, y));
        }
        return out;
    }

    /**
     * The secret of {@code secretBytes} bytes from shares of distinct parties (at least the
     * threshold; with fewer the result is a different, random-looking number — the caller must
     * know the threshold).
     */
    public static byte[] combine(List<Share> shares, int secretBytes) {
        Map<Integer, Share> byX = new TreeMap<>();
        for (Share s : shares) {
            if (byX.put(s.x(), s) != null) {
                throw new IllegalArgumentException("two shares of party " + s.x());
            }
        }
        BigInteger secret = BigInteger.ZERO;
        for (Share i : byX.values()) {
            BigInteger num = BigInteger.ONE;
            BigInteger den = BigInteger.ONE;
            for (Share j : byX.values()) {
                if (j.x() != i.x()) {
                    num = num.multiply(BigInteger.valueOf(-j.x())).mod(P);
                    den = den.multiply(BigInteger.valueOf(i.x() - j.x())).mod(P);
                }
            }
            secret = secret.add(i.y().multiply(num).multiply(den.modInverse(P))).mod(P);
        }
        byte[] raw = secret.toByteArray();
        int start = raw.length > secretBytes ? raw.length - secretBytes : 0;
        for (int k = 0; k < start; k++) {
            if (raw[k] != 0) {
                throw new IllegalArgumentException("the shares do not combine to a secret of " + secretBytes + " bytes");
            }
        }
        byte[] out = new byte[secretBytes];
        System.arraycopy(raw, start, out, secretBytes - (raw.length - start), raw.length - start);
        return out;
    }
}
