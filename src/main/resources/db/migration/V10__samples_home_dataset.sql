-- Structuring (issue 3): a sample belongs to the dataset it was registered in. Who may see the
-- sample is who may see that dataset (AccessPolicy), so samples need no visibility rules of their own.
ALTER TABLE samples ADD COLUMN dataset_id uuid REFERENCES datasets (id) ON DELETE CASCADE;
CREATE INDEX samples_dataset ON samples (dataset_id);
