-- Self-organised activities (自主活动) proposed by volunteers from their phones: staff approve one
-- before it happens or decline it with a reason the proposer reads. Staff-made activities are
-- approved when made, so every activity before this migration is 'approved'.
ALTER TABLE activities ADD COLUMN status TEXT NOT NULL DEFAULT 'approved'
    CHECK (status IN ('proposed', 'approved', 'declined'));
ALTER TABLE activities ADD COLUMN proposed_by TEXT REFERENCES people (id);
ALTER TABLE activities ADD COLUMN reviewed_by TEXT REFERENCES people (id);
ALTER TABLE activities ADD COLUMN review_reason TEXT NOT NULL DEFAULT ''
    CHECK (length(review_reason) <= 500);

-- A phone's invitations: the approved activities of its community still to come.
CREATE INDEX activities_by_status ON activities (community_id, status, held_on);
