-- The SSH public key on a user's account page: one authorized_keys line (key type, base64 key, comment), which a
-- VM that boots an installed system from its disk installs for the user it creates at first boot.
alter table users add column ssh_public_key varchar(8192);

-- What a running task is doing now, in words ("Configuring packages inside the guest (412/1030)"), beside its
-- percentage: long builds say where they are.
alter table tasks add column step varchar(255);
