#[sprout_testkit::test(backend = "mysql")]
async fn wrong(pool: sqlx::PgPool) {
    let _ = pool;
}
fn main() {}
