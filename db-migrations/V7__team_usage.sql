-- Team usage and team budgets. Portable SQL: H2 (PostgreSQL mode) and PostgreSQL.

-- Usage of generations made "as the team" carries the team. No foreign key: a deleted team's history stays with
-- the members who made it (their personal usage page still counts it).
alter table usage_record add column team_id bigint;
create index ix_usage_record_team_time on usage_record (team_id, occurred_at, id);

-- The daily roll-up gets the team as part of its key. Primary key columns cannot be null, so 0 stands for
-- "not as a team". A primary key cannot be changed portably, so the table is rebuilt under a new name.
create table usage_daily_v7 (
    user_id      bigint        not null references app_user (id) on delete cascade,
    team_id      bigint        not null default 0,
    usage_day    date          not null,
    provider_id  varchar(40)   not null,
    model        varchar(100)  not null,
    status       varchar(16)   not null,
    error_kind   varchar(40)   not null,
    requests     bigint        not null,
    images       bigint        not null,
    tokens       bigint        not null,
    cost         numeric(18,6) not null,
    constraint pk_usage_daily_v7 primary key (user_id, usage_day, provider_id, model, status, error_kind, team_id)
);
insert into usage_daily_v7 (user_id, team_id, usage_day, provider_id, model, status, error_kind, requests, images, tokens, cost)
select user_id, 0, usage_day, provider_id, model, status, error_kind, requests, images, tokens, cost from usage_daily;
drop table usage_daily;
alter table usage_daily_v7 rename to usage_daily;
-- the team usage page and team budgets: one team's days
create index ix_usage_daily_team_day on usage_daily (team_id, usage_day);

-- A team's budget (null = unlimited), set by its owners and admins. The row is also the team's submission lock
-- (select ... for update): concurrent submissions as the team take turns and cannot overshoot.
create table team_budget (
    team_id            bigint primary key references team (id) on delete cascade,
    requests_per_day   integer,
    images_per_month   integer,
    cost_per_month     numeric(18,6),
    updated_at         timestamp with time zone not null
);
