package org.matdx.lca;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.matdx.core.Json;
import org.matdx.store.Database;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The hub's Ed25519 signature (JDK, RFC 8032) over documents it exports. The key is created once,
 * in the database, by whichever server needs it first (under an advisory lock, so several servers
 * starting together agree on one); its id is derived from the public key.
 */
public final class HubSigner {
    private static final long LOCK = 0x6d61746478_27L;

    private final Database db;
    private final Clock clock;
    private volatile Key current;

    public HubSigner(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A signing key: id, public part (X.509 SubjectPublicKeyInfo) and, for the hub's own, the private part. */
    public record Key(String keyId, PublicKey publicKey, PrivateKey privateKey) {
        public String publicKeyBase64() {
            return Base64.getEncoder().encodeToString(publicKey.getEncoded());
        }
    }

    /** The canonical text that is signed: object keys sorted, no whitespace, UTF-8. */
    public static String canonical(JsonNode node) {
        return Json.write(sorted(node));
    }

    private static JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            Map<String, JsonNode> keys = new TreeMap<>();
            n.properties().forEach(e -> keys.put(e.getKey(), e.getValue()));
            keys.forEach((k, v) -> out.set(k, sorted(v)));
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            n.forEach(x -> out.add(sorted(x)));
            return out;
        }
        return n;
    }

    public String sign(String text) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key().privateKey());
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Whether {@code signature} (base64) is the hub key {@code keyId}'s signature of {@code text}; false for an unknown key. */
    public boolean verify(String keyId, String text, String signature) {
        Optional<Key> k = key(keyId);
        if (k.isEmpty()) {
            return false;
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(k.get().publicKey());
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false; // not base64, or not a 64-byte Ed25519 signature: not a valid signature
        }
    }

    /** The hub's current key, created on first use. */
    public Key key() {
        Key k = current;
        if (k == null) {
            k = db.tx(h -> {
                h.execute("SELECT pg_advisory_xact_lock(?)", LOCK);
                var row = h.createQuery("SELECT key_id, public_key, private_key FROM hub_signing_keys ORDER BY created_at LIMIT 1")
                        .map((rs, ctx) -> key(rs.getString("key_id"), rs.getBytes("public_key"), rs.getBytes("private_key"))).findOne();
                if (row.isPresent()) {
                    return row.get();
                }
                KeyPair pair = generate();
                String id = keyId(pair.getPublic());
                h.createUpdate("INSERT INTO hub_signing_keys (key_id, algorithm, public_key, private_key, created_at)"
                                + " VALUES (:id, 'Ed25519', :pub, :priv, :at)")
                        .bind("id", id).bind("pub", pair.getPublic().getEncoded()).bind("priv", pair.getPrivate().getEncoded())
                        .bind("at", clock.instant()).execute();
                return new Key(id, pair.getPublic(), pair.getPrivate());
            });
            current = k;
        }
        return k;
    }

    /** A hub key by id (public part only is used for verifying). */
    public Optional<Key> key(String keyId) {
        if (keyId == null || keyId.length() > 100) {
            return Optional.empty();
        }
        Key k = key();
        if (k.keyId().equals(keyId)) {
            return Optional.of(k);
        }
        return db.read(h -> h.createQuery("SELECT key_id, public_key, private_key FROM hub_signing_keys WHERE key_id = :id")
                .bind("id", keyId).map((rs, ctx) -> key(rs.getString("key_id"), rs.getBytes("public_key"), rs.getBytes("private_key")))
                .findOne());
    }

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    private static Key key(String id, byte[] pub, byte[] priv) {
        try {
            KeyFactory f = KeyFactory.getInstance("Ed25519");
            return new Key(id, f.generatePublic(new X509EncodedKeySpec(pub)), f.generatePrivate(new PKCS8EncodedKeySpec(priv)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored hub key " + id + " cannot be read", e);
        }
    }

    /** "ed25519:" and the first 16 hex digits of the SHA-256 of the public key's encoding. */
    static String keyId(PublicKey k) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(k.getEncoded());
            return "ed25519:" + HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
