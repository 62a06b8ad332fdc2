-- A datastore an administrator granted to a team: the team's owners may register VM folders found in it.
create table datastore_grants (
    datastore_id bigint not null references datastores (id) on delete cascade,
    team_id      bigint not null references teams (id) on delete cascade,
    primary key (datastore_id, team_id)
);
