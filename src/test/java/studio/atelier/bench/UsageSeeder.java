package studio.atelier.bench;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Seeds PostgreSQL with the benchmarks' usage data: {@code users - 1} extra people plus one heavy user, {@code records}
 * usage records over {@code days} days ({@code heavy} of them the heavy user's), the daily roll-up exactly as the
 * recorder keeps it (one row per user, day, provider, model, status, error kind), then ANALYZE. Set-based batch
 * inserts on the server (generate_series). Shared by {@link UsagePageBench} and {@link AdminDashboardBench}.
 */
final class UsageSeeder {

    private UsageSeeder() {
    }

    static void seed(JdbcClient jdbc, long heavyId, int users, int records, int heavy, int days) {
        jdbc.sql("insert into app_user (username, username_key, password_hash, role, created_at) "
                + "select 'bench' || g, 'bench' || g, '{noop}x', 'USER', now() from generate_series(1, " + (users - 1) + ") g").update();
        long firstOther = jdbc.sql("select min(id) from app_user where username_key like 'bench%'").query(Long.class).single();
        String columns = "insert into usage_record (user_id, generation_id, provider_id, model, api_key_id, status, error_kind, prompt_tokens, "
                + "completion_tokens, total_tokens, image_count, upstream_latency_ms, cost, currency, price_version_id, prompt, occurred_at) ";
        String values = "'fake', (array['stable-diffusion','dall-e-3','flux-pro'])[1 + g % 3], null, "
                + "case when g % 20 < 17 then 'SUCCEEDED' when g % 20 < 19 then 'FAILED' else 'CANCELLED' end, "
                + "case when g % 20 < 17 then null when g % 20 = 17 then 'UPSTREAM_ERROR' when g % 20 = 18 then 'RATE_LIMITED' else 'CANCELLED' end, "
                + "50, 20, 70, case when g % 20 < 17 then 1 + g % 2 else 0 end, 800 + g % 4000, "
                + "case when g % 20 < 17 then 0.040000 else 0 end, 'USD', null, 'bench prompt number ' || g || ', 石器时代', ";
        // the heavy user: spread evenly over the days
        jdbc.sql(columns + "select " + heavyId + ", g, " + values
                + "now() - (g * (interval '" + days + " days' / " + heavy + ")) from generate_series(1, " + heavy + ") g").update();
        // everyone else, in chunks
        int others = records - heavy;
        int chunk = 150_000;
        for (int start = 1; start <= others; start += chunk) {
            int end = Math.min(others, start + chunk - 1);
            jdbc.sql(columns + "select " + firstOther + " + (g % " + (users - 1) + "), " + heavy + " + g, " + values
                    + "now() - ((g::bigint * 7919 % " + others + ") * (interval '" + days + " days' / " + others + ")) from generate_series("
                    + start + ", " + end + ") g")
                    .update();
        }
        jdbc.sql("insert into usage_daily (user_id, usage_day, provider_id, model, status, error_kind, requests, images, tokens, cost) "
                + "select user_id, cast(occurred_at at time zone 'UTC' as date), provider_id, model, status, coalesce(error_kind, ''), "
                + "count(*), sum(image_count), sum(coalesce(total_tokens, 0)), sum(cost) from usage_record "
                + "group by user_id, cast(occurred_at at time zone 'UTC' as date), provider_id, model, status, coalesce(error_kind, '')").update();
        jdbc.sql("analyze usage_record").update();
        jdbc.sql("analyze usage_daily").update();
        jdbc.sql("analyze app_user").update();
    }
}
