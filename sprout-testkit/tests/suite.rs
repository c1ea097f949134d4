//! 200 small seeded tests on the server backend (100 PostgreSQL, 100 MariaDB): each gets its
//! own database cloned from the shop template, seeds it with its own seed, and checks that it
//! sees exactly its rows. Run under `cargo nextest run` (a process per test) and `cargo test`
//! (threads) alike; CI then checks that no test database is left.

use sprout_testkit::Seeded;
use sqlx::{MySqlPool, PgPool};

/// Counts what the test sees: its own seeded rows, nothing of the other tests'.
macro_rules! check {
    ($pool:expr, $seeded:expr) => {{
        let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM order_item")
            .fetch_one(&$pool)
            .await
            .unwrap();
        assert_eq!(n as usize, $seeded.count("order_item"));
        let (customers,): (i64,) = sqlx::query_as("SELECT count(*) FROM customer")
            .fetch_one(&$pool)
            .await
            .unwrap();
        assert_eq!(customers, 3);
    }};
}

macro_rules! postgres_tests {
    ($($name:ident)*) => { $(
        #[sprout_testkit::test(schema = "tests/schema/shop.postgres.sql", host = "server", rows = 3)]
        async fn $name(pool: PgPool, seeded: Seeded) {
            check!(pool, seeded);
        }
    )* };
}

macro_rules! mariadb_tests {
    ($($name:ident)*) => { $(
        #[sprout_testkit::test(schema = "tests/schema/shop.mysql.sql", host = "server", rows = 3)]
        async fn $name(pool: MySqlPool, seeded: Seeded) {
            check!(pool, seeded);
        }
    )* };
}

postgres_tests!(pg_001 pg_002 pg_003 pg_004 pg_005 pg_006 pg_007 pg_008 pg_009 pg_010 pg_011 pg_012 pg_013 pg_014 pg_015 pg_016 pg_017 pg_018 pg_019 pg_020 pg_021 pg_022 pg_023 pg_024 pg_025 pg_026 pg_027 pg_028 pg_029 pg_030 pg_031 pg_032 pg_033 pg_034 pg_035 pg_036 pg_037 pg_038 pg_039 pg_040 pg_041 pg_042 pg_043 pg_044 pg_045 pg_046 pg_047 pg_048 pg_049 pg_050 pg_051 pg_052 pg_053 pg_054 pg_055 pg_056 pg_057 pg_058 pg_059 pg_060 pg_061 pg_062 pg_063 pg_064 pg_065 pg_066 pg_067 pg_068 pg_069 pg_070 pg_071 pg_072 pg_073 pg_074 pg_075 pg_076 pg_077 pg_078 pg_079 pg_080 pg_081 pg_082 pg_083 pg_084 pg_085 pg_086 pg_087 pg_088 pg_089 pg_090 pg_091 pg_092 pg_093 pg_094 pg_095 pg_096 pg_097 pg_098 pg_099 pg_100);
mariadb_tests!(maria_001 maria_002 maria_003 maria_004 maria_005 maria_006 maria_007 maria_008 maria_009 maria_010 maria_011 maria_012 maria_013 maria_014 maria_015 maria_016 maria_017 maria_018 maria_019 maria_020 maria_021 maria_022 maria_023 maria_024 maria_025 maria_026 maria_027 maria_028 maria_029 maria_030 maria_031 maria_032 maria_033 maria_034 maria_035 maria_036 maria_037 maria_038 maria_039 maria_040 maria_041 maria_042 maria_043 maria_044 maria_045 maria_046 maria_047 maria_048 maria_049 maria_050 maria_051 maria_052 maria_053 maria_054 maria_055 maria_056 maria_057 maria_058 maria_059 maria_060 maria_061 maria_062 maria_063 maria_064 maria_065 maria_066 maria_067 maria_068 maria_069 maria_070 maria_071 maria_072 maria_073 maria_074 maria_075 maria_076 maria_077 maria_078 maria_079 maria_080 maria_081 maria_082 maria_083 maria_084 maria_085 maria_086 maria_087 maria_088 maria_089 maria_090 maria_091 maria_092 maria_093 maria_094 maria_095 maria_096 maria_097 maria_098 maria_099 maria_100);
