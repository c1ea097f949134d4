#[derive(sprout::Sprout)]
struct User {
    id: i64,
    #[sprout(range = 1..=9)]
    name: String,
}
fn main() {}
