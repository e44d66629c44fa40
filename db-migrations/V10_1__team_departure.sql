-- People removed from a team, so that the team's pages can tell them "you are no longer a member" instead of the
-- plain 404 that everyone outside the team gets. Rejoining deletes the row; deleting the team or the account too.
-- Portable SQL: H2 (PostgreSQL mode) and PostgreSQL.
create table team_departure (
    team_id     bigint not null references team (id) on delete cascade,
    user_id     bigint not null references app_user (id) on delete cascade,
    removed_at  timestamp with time zone not null,
    primary key (team_id, user_id)
);
