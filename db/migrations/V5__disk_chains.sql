-- A VM disk is a chain of qcow2 files in the VM's folder: file_name is its current top, the file the VM writes.
-- A snapshot freezes every disk's top and puts a new delta on it, named disk<pos>-<seq>.qcow2 with seq drawn
-- from the VM's next_delta, which only grows so a name is never reused.
alter table vm_disks add column file_name varchar(64);
update vm_disks set file_name = 'disk' || cast(position as varchar(11))
    || case when format = 'QCOW2' then '.qcow2' else '.raw' end;
alter table vm_disks alter column file_name set not null;

alter table vms add column next_delta integer default 1 not null;

-- The file each disk's top was when the snapshot was taken: frozen, it is what the snapshot reads.
create table snapshot_disks (
    snapshot_id bigint      not null references snapshots (id) on delete cascade,
    position    integer     not null,
    file_name   varchar(64) not null,
    primary key (snapshot_id, position)
);

-- Snapshot records an earlier version made hold no disk state: there is nothing to revert to, so they go.
update vms set current_snapshot_id = null;
update snapshots set parent_id = null;
delete from snapshots;
