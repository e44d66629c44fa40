-- V7 rebuilt usage_daily (its primary key gained team_id), which dropped V6_1's index with the old table:
-- the admin console's reads across everyone by day need it back.
create index ix_usage_daily_day_v8 on usage_daily (usage_day, user_id);
