-- OPTIMADE: formulas in the form the specification prescribes, and bibliographic references.

-- OPTIMADE's chemical_formula_reduced and chemical_formula_anonymous: elements alphabetical with
-- whole-number proportions (the smallest exact ones with a denominator up to 1000, as
-- org.matdx.core.Composition finds them; otherwise the atomic fractions rounded to 1/10000, the
-- "reasonable approximation" the specification allows for partial occupancy). Returns
-- {reduced, anonymous}, or NULL without a composition.
CREATE FUNCTION matdx_integer_formula(composition jsonb) RETURNS text[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    syms     text[];
    amts     float8[];
    counts   bigint[];
    sorted   bigint[];
    n        integer;
    k        integer;
    i        integer;
    x        float8;
    whole    boolean;
    g        bigint := 0;
    total    float8;
    reduced  text := '';
    anon     text := '';
BEGIN
    IF composition IS NULL OR jsonb_typeof(composition) <> 'object' OR composition = '{}'::jsonb THEN
        RETURN NULL;
    END IF;
    SELECT array_agg(key ORDER BY key COLLATE "C"), array_agg(value::text::float8 ORDER BY key COLLATE "C")
    INTO syms, amts FROM jsonb_each(composition);
    n := array_length(syms, 1);
    FOR k IN 1..1000 LOOP
        whole := true;
        FOR i IN 1..n LOOP
            x := amts[i] * k;
            IF abs(x - round(x)) > 1e-8 * greatest(1, abs(x)) OR round(x) = 0 THEN
                whole := false;
                EXIT;
            END IF;
        END LOOP;
        IF whole THEN
            counts := ARRAY(SELECT round(amts[j] * k)::bigint FROM generate_series(1, n) AS j);
            EXIT;
        END IF;
    END LOOP;
    IF counts IS NULL THEN
        SELECT sum(a) INTO total FROM unnest(amts) AS a;
        counts := ARRAY(SELECT greatest(1, round(amts[j] / total * 10000))::bigint FROM generate_series(1, n) AS j);
    END IF;
    FOR i IN 1..n LOOP
        g := gcd(g, counts[i]);
    END LOOP;
    FOR i IN 1..n LOOP
        counts[i] := counts[i] / g;
        reduced := reduced || syms[i] || CASE WHEN counts[i] = 1 THEN '' ELSE counts[i]::text END;
    END LOOP;
    SELECT array_agg(c ORDER BY c DESC) INTO sorted FROM unnest(counts) AS c;
    FOR i IN 1..n LOOP
        -- labels A … Z, Aa … Za, Ab … (OPTIMADE)
        anon := anon || chr(65 + (i - 1) % 26) || CASE WHEN i > 26 THEN chr(97 + (i - 1) / 26 - 1) ELSE '' END
                || CASE WHEN sorted[i] = 1 THEN '' ELSE sorted[i]::text END;
    END LOOP;
    RETURN ARRAY[reduced, anon];
END
$$;

ALTER TABLE entries
    ADD COLUMN optimade_reduced text GENERATED ALWAYS AS ((matdx_integer_formula(composition))[1]) STORED,
    ADD COLUMN optimade_anonymous text GENERATED ALWAYS AS ((matdx_integer_formula(composition))[2]) STORED;

CREATE INDEX entries_optimade_reduced ON entries (optimade_reduced text_pattern_ops);
CREATE INDEX entries_optimade_anonymous ON entries (optimade_anonymous text_pattern_ops);

-- Bibliographic references imported with OPTIMADE data (`matdx import optimade`): they belong to
-- the dataset they came with and are visible exactly when it is.
CREATE TABLE optimade_references (
    id             uuid PRIMARY KEY,
    dataset_id     uuid NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    source_id      text NOT NULL,
    attributes     jsonb NOT NULL,
    last_modified  timestamptz NOT NULL,
    UNIQUE (dataset_id, source_id)
);

CREATE TABLE optimade_structure_references (
    entry_id      uuid NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
    reference_id  uuid NOT NULL REFERENCES optimade_references (id) ON DELETE CASCADE,
    PRIMARY KEY (entry_id, reference_id)
);
CREATE INDEX optimade_structure_references_ref ON optimade_structure_references (reference_id);

-- What /references serves: each dataset holding structures cites itself (title, owner, year,
-- licence, description), and imported references keep their attributes.
CREATE VIEW optimade_reference_rows AS
SELECT d.id AS id, d.id AS dataset_id,
       jsonb_strip_nulls(jsonb_build_object(
           'title', d.title,
           'bib_type', 'misc',
           'note', NULLIF(d.description, ''),
           'year', extract(year FROM d.created_at AT TIME ZONE 'UTC')::integer::text,
           'month', extract(month FROM d.created_at AT TIME ZONE 'UTC')::integer::text,
           'authors', jsonb_build_array(jsonb_strip_nulls(jsonb_build_object('name', u.display_name))),
           'organization', (SELECT g.title FROM groups g WHERE g.id = d.group_id),
           'howpublished', 'MatDX dataset ' || d.id::text || ', licence ' || d.license)) AS attributes,
       d.updated_at AS last_modified
FROM datasets d JOIN users u ON u.id = d.owner_id
WHERE EXISTS (SELECT 1 FROM entries e WHERE e.dataset_id = d.id AND e.structure_nsites IS NOT NULL
                                         AND e.kind IN ('structure', 'calculation'))
UNION ALL
SELECT r.id, r.dataset_id, r.attributes, r.last_modified FROM optimade_references r;

-- OPTIMADE ids are strings: filters such as id="…" compare the text form.
CREATE INDEX entries_id_text ON entries ((id::text)) WHERE structure_nsites IS NOT NULL;
