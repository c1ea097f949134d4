//! `sprout::factories!()`: a factory for every table of the snapshot, no struct written. Each
//! table's struct has every column (nullable ones as `Option`); parents are made first.

use sqlx::{PgPool, SqlitePool};

mod factories {
    sprout::factories!();
}

macro_rules! every_table_has_a_factory {
    ($name:ident, $pool:ident) => {
        #[sprout_testkit::test(migrations = "migrations")]
        async fn $name(pool: $pool) {
            let task = factories::tasks()
                .title("Ship it".into())
                .insert(&pool)
                .await
                .unwrap();
            assert_eq!(task.title, "Ship it");
            assert!(
                ["open", "doing", "done"].contains(&task.status.as_str()),
                "{task:?}"
            );
            let (title, project_id): (String, i64) =
                sqlx::query_as("SELECT title, project_id FROM tasks")
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            assert_eq!((title.as_str(), project_id), ("Ship it", task.project_id));
            let org = factories::orgs().insert(&pool).await.unwrap();
            let user = factories::users()
                .org_id(org.id)
                .insert(&pool)
                .await
                .unwrap();
            assert_eq!(user.org_id, org.id);
            assert!(user.age.is_none_or(|a| (18..=99).contains(&a)), "{user:?}");
        }
    };
}

every_table_has_a_factory!(on_postgres, PgPool);
every_table_has_a_factory!(on_sqlite, SqlitePool);
