-- The admin console reads usage across everyone by day (dashboard, usage per user) and the last 24 hours of raw
-- records; the existing indexes all start with user_id.
create index ix_usage_daily_day on usage_daily (usage_day, user_id);
create index ix_usage_record_time on usage_record (occurred_at);
