-- Issue 29: a dataset says who made it and what it is about, as the owner typed it — authors
-- (name, ORCID iD, affiliation, in citation order) and keywords — and counts its descriptive
-- edits, so that an edit made from a stale form is refused instead of silently overwriting
-- another's (updated_at moves on every upload and cannot serve for that).
ALTER TABLE datasets ADD COLUMN authors jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(authors) = 'array');
ALTER TABLE datasets ADD COLUMN keywords text[] NOT NULL DEFAULT '{}';
ALTER TABLE datasets ADD COLUMN revision integer NOT NULL DEFAULT 0;

-- Published versions stay immutable with one exception: a DOI registered after publication may
-- be added or corrected (the DOI names the version, it is not part of its content). Any other
-- change, and any deletion but an administrator's removal, is still refused.
CREATE OR REPLACE FUNCTION dataset_versions_immutable() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('matdx.removal', true) = 'administrator' THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'dataset_versions'
            AND (to_jsonb(NEW) - 'doi') = (to_jsonb(OLD) - 'doi') THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'published versions are immutable';
END;
$$ LANGUAGE plpgsql;
