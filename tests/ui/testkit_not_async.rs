#[sprout_testkit::test(rows = 3)]
fn not_async(pool: sqlx::SqlitePool) {
    let _ = pool;
}
fn main() {}
