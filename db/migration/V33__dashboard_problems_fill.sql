-- domain_problem (V28) is written when a domain's score is refreshed. Domains scored before V28 would get
-- their rows only at the next daily refresh, and until then the fleet's "fix this first" list would miss
-- them and count "affects N domains" short. Marking every score as computed a day earlier makes the
-- dashboard's background pass (dashboard.ScoreRefresher#refreshStale, every refresh-interval) refresh them
-- all at once after the upgrade.
update domain_score set computed_at = computed_at - interval '1 day';
