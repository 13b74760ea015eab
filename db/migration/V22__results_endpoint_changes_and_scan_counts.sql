-- Issue 18: a target (an endpoint) that a scan finds for the first time, or no longer finds, is a change of its own
-- (APPEARED, DISAPPEARED); a change names the engine run (check_run) that found it, so that a scan's changes can be
-- listed; each domain of a "scan now" keeps what its scan found.

-- results_change_v reads change_event.direction, whose type changes: the view is dropped and created again as it was
drop view results_change_v;
alter table change_event drop constraint change_event_direction_check;
alter table change_event alter column direction type varchar(16);
alter table change_event add constraint change_event_direction_check
    check (direction in ('WORSE', 'BETTER', 'CHANGED', 'APPEARED', 'DISAPPEARED'));
create view results_change_v as
select id, domain_id, domain_name, check_id, target, direction, old_status, new_status, detected_at
from change_event;

-- the engine run that found the change (null only for a change whose result is gone)
alter table change_event add column run_id bigint;
update change_event c set run_id = r.run_id from check_result r where r.id = c.result_id;
create index change_event_run on change_event (run_id);

-- what the domain's scan found: its changes that made it worse, better, and its results that could not be
-- measured (ERROR); null for scans recorded before these counts
alter table scan_run_item add column worse integer, add column better integer, add column errors integer;
