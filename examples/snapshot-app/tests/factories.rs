//! The factories the snapshot typed, on PostgreSQL, MariaDB and SQLite (each test in its own
//! database built from `migrations/` by sprout-testkit): no `range`, `values` or `fk` attribute
//! anywhere, yet every row meets the tables' CHECKs, UNIQUEs and foreign keys, nullable keys are
//! NULL, and columns the structs leave out take the database's default.

use snapshot_app::{Org, Project, Task, User};
use sqlx::{MySqlPool, PgPool, SqlitePool};

macro_rules! factories_know_the_database {
    ($name:ident, $pool:ident) => {
        #[sprout_testkit::test(migrations = "migrations")]
        async fn $name(pool: $pool) {
            // A task needs a project, which needs an org and an owner (who needs an org).
            let task = Task::sprout().insert(&pool).await.unwrap();
            assert_eq!(task.assignee_id, None, "a nullable key is NULL unless set");
            let count = |table: &'static str| {
                let pool = pool.clone();
                async move {
                    let sql = format!("SELECT count(*) FROM {table}");
                    let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
                        .fetch_one(&pool)
                        .await
                        .unwrap();
                    n
                }
            };
            assert_eq!(
                (
                    count("orgs").await,
                    count("users").await,
                    count("projects").await
                ),
                (2, 1, 1)
            );
            let (status,): (String,) = sqlx::query_as("SELECT status FROM tasks")
                .fetch_one(&pool)
                .await
                .unwrap();
            assert_eq!(
                status, "open",
                "a column the struct leaves out takes its default"
            );

            // The CHECKs and lengths come from the snapshot: the database accepts every row
            // and the values are inside them.
            let orgs = Org::sprout().insert_many(40, &pool).await.unwrap();
            for org in &orgs {
                assert!(
                    ["free", "team", "enterprise"].contains(&org.plan.as_str()),
                    "{org:?}"
                );
                assert!((1..=500).contains(&org.seats), "{org:?}");
                assert!(org.name.chars().count() <= 60, "{org:?}");
            }
            let projects = Project::sprout().insert_many(10, &pool).await.unwrap();
            assert!(projects.iter().all(|p| p.budget > 0 && p.budget <= 100_000));

            // Given parents are used, not made.
            let acme = &orgs[0];
            let boss = User::sprout().org_id(acme.id).insert(&pool).await.unwrap();
            let staff = User::sprout()
                .org_id(acme.id)
                .manager_id(Some(boss.id))
                .insert_many(20, &pool)
                .await
                .unwrap();
            assert!(
                staff
                    .iter()
                    .all(|u| u.org_id == acme.id && u.manager_id == Some(boss.id))
            );
            let emails: std::collections::HashSet<_> = staff.iter().map(|u| &u.email).collect();
            assert_eq!(emails.len(), 20, "UNIQUE from the snapshot");
            let read: User =
                sqlx::query_as("SELECT * FROM users WHERE id = (SELECT max(id) FROM users)")
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            assert_eq!(read.manager_id, Some(boss.id));

            // `.existing()`: every key, nullable ones too, takes a row already there.
            let users = count("users").await;
            let tasks = Task::sprout().existing().insert_many(10, &pool).await.unwrap();
            assert!(tasks.iter().all(|t| t.assignee_id.is_some()), "{tasks:?}");
            assert_eq!(count("users").await, users, "no parent made");
            assert_eq!(count("projects").await, 11);
        }
    };
}

factories_know_the_database!(on_postgres, PgPool);
factories_know_the_database!(on_mariadb, MySqlPool);
factories_know_the_database!(on_sqlite, SqlitePool);
