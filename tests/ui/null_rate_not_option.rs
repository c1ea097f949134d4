#[derive(sprout::Sprout)]
struct User {
    id: i64,
    #[sprout(null_rate = 0.3)]
    nickname: String,
}
fn main() {}
