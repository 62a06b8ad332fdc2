-- Every VM has one CD-ROM drive (on a virtio SCSI controller): empty, or holding an ISO image of the library. The
-- image cannot be deleted while a drive holds it.
alter table vms add column cdrom_image_id bigint references images (id);
create index vms_cdrom_image_idx on vms (cdrom_image_id);
