//! What the testkit's own tests share: what a test sees of the shop schema.

use sprout_testkit::Seeded;

/// Emails in the database, in id order: what this test can see.
#[macro_export]
macro_rules! emails {
    ($pool:expr) => {
        sqlx::query_as::<_, (String,)>("SELECT email FROM customer ORDER BY id")
            .fetch_all($pool)
            .await
            .unwrap()
            .into_iter()
            .map(|(e,)| e)
            .collect::<Vec<String>>()
    };
}

/// The database holds exactly what this test's seed inserted.
pub fn own_rows(seen: Vec<String>, seeded: &Seeded) {
    let inserted: Vec<String> = seeded
        .column("customer", "email")
        .iter()
        .map(|v| v.to_string().to_lowercase())
        .collect();
    assert_eq!(seen, inserted, "the test sees only its own rows");
    assert_eq!(seeded.count("customer"), 6);
}
