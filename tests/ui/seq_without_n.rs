#[derive(sprout::Sprout)]
struct User {
    id: i64,
    #[sprout(seq = "user@example.com")]
    email: String,
}
fn main() {}
