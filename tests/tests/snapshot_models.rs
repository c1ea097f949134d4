//! A diesel model checked against examples/snapshot-app's committed snapshot: its table comes
//! from `#[diesel(table_name = ..)]`, and `insert_sync` through diesel's `PgConnection` makes
//! the parents the snapshot's foreign keys need (an org and an owner, who needs an org of its
//! own) with no `fk` or `belongs_to`, every row meeting the tables' CHECKs.

use diesel::prelude::*;
use sprout::Sprout;
use sprout_testkit::{Backend, TestDatabase};

#[derive(Debug, Clone, PartialEq, Queryable, Sprout)]
#[diesel(table_name = projects)]
#[sprout(snapshot = "../../examples/snapshot-app/.sprout/schema.json")]
pub struct Project {
    pub id: i64,
    pub org_id: i64,
    pub owner_id: i64,
    pub title: String,
    pub budget: i32,
}

fn migrations() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/snapshot-app");
    sprout::source::migrations::files(&dir.join("migrations"))
        .unwrap()
        .into_iter()
        .map(|f| std::fs::read_to_string(f).unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn a_diesel_model_takes_its_parents_and_checks_from_the_snapshot() {
    let Some(db) = TestDatabase::require(Backend::Postgres, "snapshot_diesel").await else {
        return;
    };
    db.run_script(&migrations()).await.unwrap();
    let url = db.url().to_string();
    let projects = tokio::task::spawn_blocking(move || {
        let mut conn = PgConnection::establish(&url).unwrap();
        (0..5)
            .map(|_| Project::sprout().insert_sync(&mut conn).unwrap())
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    assert!(projects.iter().all(|p| p.budget > 0 && p.budget <= 100_000));
    let pool = sqlx::PgPool::connect(db.url()).await.unwrap();
    let counts: (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM orgs), (SELECT count(*) FROM users),
                (SELECT count(*) FROM projects),
                (SELECT count(*) FROM projects p JOIN users u ON u.id = p.owner_id)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(counts, (10, 5, 5, 5), "an org per project and per owner");

    // `.existing()` through diesel: the snapshot's keys take rows already there, none is made.
    let url = db.url().to_string();
    let more = tokio::task::spawn_blocking(move || {
        let mut conn = PgConnection::establish(&url).unwrap();
        (0..8)
            .map(|_| Project::sprout().existing().insert_sync(&mut conn).unwrap())
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    let owners: Vec<(i64,)> = sqlx::query_as("SELECT id FROM users")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(more.iter().all(|p| owners.contains(&(p.owner_id,))));
    let counts: (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM orgs), (SELECT count(*) FROM users),
                (SELECT count(*) FROM projects)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(counts, (10, 5, 13), "existing parents only");
    pool.close().await;
}
