-- Credentials the console uses to reach hosts (its SSH key), sealed with AES-256-GCM under a master key kept outside
-- the database (vireo.secrets.key-file, or VIREO_SECRETS_KEY): a copy of the database alone opens none of them.
-- key_id names the master key a row was sealed with, so a console started with another key says so.
create table host_credentials (
    name        varchar(64)    primary key,
    public_part varchar(4096),
    key_id      varchar(16)    not null,
    sealed      varchar(16384) not null,
    created_at  timestamp with time zone not null
);
