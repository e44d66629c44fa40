-- When the gateway last refused a key (cleared once it works again) and when it last worked (a successful test or
-- generation), so that Generate starts with the key that worked last and never with a refused one.
alter table api_key add column rejected_at timestamp with time zone;
alter table api_key add column last_worked_at timestamp with time zone;

update api_key set rejected_at = last_check_at where last_check_ok = false and last_check_message = 'upstream.error.key-rejected';
update api_key set last_worked_at = last_check_at where last_check_ok = true;

-- Short keys used to be masked as a bare ellipsis; their secret is sealed, so the new mask cannot be worked out here.
update api_key set masked = '••••' where masked = '…';
