package org.matdx.federated;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JDK's primitives as secure aggregation uses them: X25519 key agreement (RFC 7748), HKDF-SHA256
 * (RFC 5869) to turn a shared secret into keys bound to a session and purpose, AES-256-GCM for the
 * shares one party sends another through the coordinator, and AES-256-CTR as the pseudo-random
 * generator that expands a 32-byte seed into a mask over Z/2^64.
 */
final class Crypto {
    static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;

    private Crypto() {
    }

    static KeyPair x25519(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("X25519");
            g.initialize(NamedParameterSpec.X25519, random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is missing from this JDK", e);
        }
    }

    /** The 32-byte u-coordinate of a public key (RFC 7748 little-endian encoding). */
    static byte[] publicBytes(PublicKey key) {
        BigInteger u = ((XECPublicKey) key).getU();
        byte[] be = u.toByteArray();
        byte[] le = new byte[KEY_BYTES];
        for (int i = 0; i < Math.min(KEY_BYTES, be.length); i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }

    static PublicKey publicKey(byte[] le) {
        if (le.length != KEY_BYTES) {
            throw new IllegalArgumentException("an X25519 public key is 32 bytes, got " + le.length);
        }
        byte[] be = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES; i++) {
            be[i] = le[KEY_BYTES - 1 - i];
        }
        be[0] &= 0x7f; // RFC 7748 §5: the top bit is masked
        try {
            return KeyFactory.getInstance("X25519").generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519,
                    new BigInteger(1, be)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X25519 public key", e);
        }
    }

    static byte[] privateBytes(PrivateKey key) {
        return ((XECPrivateKey) key).getScalar().orElseThrow(() -> new IllegalStateException("the X25519 key hides its scalar"));
    }

    static PrivateKey privateKey(byte[] scalar) {
        try {
            return KeyFactory.getInstance("X25519").generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X25519 private key", e);
        }
    }

    static byte[] agree(PrivateKey mine, PublicKey theirs) {
        try {
            KeyAgreement ka = KeyAgreement.getInstance("X25519");
            ka.init(mine);
            ka.doPhase(theirs, true);
            return ka.generateSecret();
        } catch (GeneralSecurityException e) {
            // an all-zero shared secret (a low-order public key) is refused by the JDK: a forged key
            throw new IllegalArgumentException("key agreement failed: " + e.getMessage(), e);
        }
    }

    /** HKDF-SHA256 with one block of output (32 bytes). */
    static byte[] hkdf(byte[] ikm, String salt, String info) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(info.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 1);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code length} pseudo-random ring elements from a 32-byte key: AES-256-CTR over zeros. */
    static long[] stream(byte[] key, int length) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
            byte[] bytes = c.doFinal(new byte[Math.multiplyExact(length, 8)]);
            long[] out = new long[length];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** AES-256-GCM; the result is nonce ‖ ciphertext ‖ tag, bound to {@code aad}. */
    static byte[] seal(byte[] key, byte[] plain, String aad, SecureRandom random) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plain);
            byte[] out = new byte[NONCE_BYTES + ct.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Opens what {@link #seal} made; a changed byte, a different {@code aad} or key is refused. */
    static byte[] open(byte[] key, byte[] sealed, String aad) {
        if (sealed.length < NONCE_BYTES + 16 || sealed.length > 4096) {
            throw new IllegalArgumentException("a sealed share of " + sealed.length + " bytes");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, sealed, 0, NONCE_BYTES));
            c.updateAAD(aad.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("a sealed share failed authentication (forged, altered or misaddressed)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
