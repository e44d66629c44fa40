-- ShedLock: a scheduled clean-up takes its row here (lock_until in the database's own clock), so of several nodes only
-- one runs it at a time. Columns as ShedLock's JDBC provider expects them.
create table shedlock (
    name        varchar(64)  not null primary key,
    lock_until  timestamp    not null,
    locked_at   timestamp    not null,
    locked_by   varchar(255) not null
);

-- One row that start-up tasks (provider sync, administrator bootstrap, key re-encryption) lock in turn, so nodes
-- started at the same moment run them one after the other instead of inserting the same rows twice.
create table start_up_lock (
    id  integer primary key
);
insert into start_up_lock (id) values (1);
