-- Federated campaigns (issue 25; docs/federation.md): a membership may lend one optimisation
-- campaign instead of datasets for training; its spec is then a campaign spec (the shared
-- parameter space, the objective and its public range, the surrogate). Removing the campaign
-- keeps the membership and its message log (the node then refuses every round).
ALTER TABLE federation_memberships
    ADD COLUMN kind text NOT NULL DEFAULT 'training' CHECK (kind IN ('training', 'campaign')),
    ADD COLUMN campaign_id uuid REFERENCES campaigns (id) ON DELETE SET NULL;
CREATE INDEX federation_memberships_campaign ON federation_memberships (campaign_id) WHERE campaign_id IS NOT NULL;
COMMENT ON TABLE federation_memberships IS 'Federations this node takes part in: coordinator, keys, the agreed training or campaign spec and who consented';
