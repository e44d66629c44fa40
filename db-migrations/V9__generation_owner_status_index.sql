-- What a person has queued or running is asked on every submission (the per-person limit, quotas): without this
-- index it meant reading all of their generations, which grows with the gallery.
create index ix_generation_owner_status on generation (owner_id, status);
