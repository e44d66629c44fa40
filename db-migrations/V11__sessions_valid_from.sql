-- Sessions of an account signed in before this instant are over (password changed or reset, account disabled or
-- demoted, "sign out everywhere else"). Checked on every request on every node, so it holds across nodes.
alter table app_user add column sessions_valid_from timestamp with time zone;
