package org.matdx.lca;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.matdx.core.Json;
import org.matdx.store.Database;
import org.matdx.store.Rows;
import org.matdx.store.SqlFilter;

/** Products and their passports in PostgreSQL (V120). */
public final class ProductStore {
    private final Database db;

    public ProductStore(Database db) {
        this.db = db;
    }

    Database db() {
        return db;
    }

    void insert(Handle h, Product p) {
        h.createUpdate("INSERT INTO products (id, dataset_id, name, revision, bom, created_by, created_at, updated_at)"
                        + " VALUES (:id, :ds, :name, :rev, CAST(:bom AS jsonb), :by, :at, :at)")
                .bind("id", p.id()).bind("ds", p.datasetId()).bind("name", p.name()).bind("rev", p.revision())
                .bind("bom", Json.write(p.bomJson())).bind("by", p.createdBy()).bind("at", p.createdAt()).execute();
    }

    void update(Handle h, UUID id, String name, String bom, Instant at) {
        h.createUpdate("UPDATE products SET name = :name, bom = CAST(:bom AS jsonb), revision = revision + 1, updated_at = :at"
                + " WHERE id = :id").bind("name", name).bind("bom", bom).bind("at", at).bind("id", id).execute();
    }

    Optional<Product> get(UUID id) {
        return db.read(h -> get(h, id, false));
    }

    Optional<Product> get(Handle h, UUID id, boolean lock) {
        return h.createQuery("SELECT * FROM products WHERE id = :id" + (lock ? " FOR UPDATE" : "")).bind("id", id)
                .map((rs, ctx) -> product(rs)).findOne();
    }

    List<Product> list(SqlFilter datasets, UUID datasetId, int limit) {
        return db.read(h -> {
            var q = h.createQuery("SELECT p.* FROM products p JOIN datasets d ON d.id = p.dataset_id WHERE " + datasets.sql()
                    + (datasetId == null ? "" : " AND p.dataset_id = :only") + " ORDER BY p.created_at DESC, p.id LIMIT :limit");
            datasets.params().forEach(q::bind);
            if (datasetId != null) {
                q.bind("only", datasetId);
            }
            return q.bind("limit", limit).map((rs, ctx) -> product(rs)).list();
        });
    }

    void delete(Handle h, UUID id) {
        h.execute("DELETE FROM product_passports WHERE product_id = ?", id);
        h.execute("DELETE FROM products WHERE id = ?", id);
    }

    void deleteInDataset(Handle h, UUID datasetId) {
        h.execute("DELETE FROM product_passports WHERE product_id IN (SELECT id FROM products WHERE dataset_id = ?)", datasetId);
        h.execute("DELETE FROM products WHERE dataset_id = ?", datasetId);
    }

    /** A passport as exported: the exact signed text, its signature and the key that made it. */
    public record StoredPassport(UUID productId, int version, int productRevision, String document, String signature,
                                 String keyId, UUID createdBy, Instant createdAt) {
    }

    int nextPassportVersion(Handle h, UUID productId) {
        return h.createQuery("SELECT coalesce(max(version), 0) + 1 FROM product_passports WHERE product_id = :p")
                .bind("p", productId).mapTo(Integer.class).one();
    }

    void insertPassport(Handle h, StoredPassport p) {
        h.createUpdate("INSERT INTO product_passports (product_id, version, product_revision, document, signature, key_id,"
                        + " created_by, created_at) VALUES (:p, :v, :rev, :doc, :sig, :key, :by, :at)")
                .bind("p", p.productId()).bind("v", p.version()).bind("rev", p.productRevision()).bind("doc", p.document())
                .bind("sig", p.signature()).bind("key", p.keyId()).bind("by", p.createdBy()).bind("at", p.createdAt()).execute();
    }

    List<StoredPassport> passports(UUID productId) {
        return db.read(h -> h.createQuery("SELECT * FROM product_passports WHERE product_id = :p ORDER BY version")
                .bind("p", productId).map((rs, ctx) -> passport(rs)).list());
    }

    Optional<StoredPassport> passport(UUID productId, int version) {
        return db.read(h -> h.createQuery("SELECT * FROM product_passports WHERE product_id = :p AND version = :v")
                .bind("p", productId).bind("v", version).map((rs, ctx) -> passport(rs)).findOne());
    }

    private static StoredPassport passport(ResultSet rs) throws SQLException {
        return new StoredPassport(Rows.uuid(rs, "product_id"), rs.getInt("version"), rs.getInt("product_revision"),
                rs.getString("document"), rs.getString("signature"), rs.getString("key_id"), Rows.uuid(rs, "created_by"),
                Rows.instant(rs, "created_at"));
    }

    private static Product product(ResultSet rs) throws SQLException {
        return new Product(Rows.uuid(rs, "id"), Rows.uuid(rs, "dataset_id"), rs.getString("name"), rs.getInt("revision"),
                Json.read(rs.getString("bom")), Rows.uuid(rs, "created_by"), Rows.instant(rs, "created_at"),
                Rows.instant(rs, "updated_at"));
    }
}
