#[derive(sprout::Sprout)]
struct User {
    id: i64,
    #[sprout(len = 1..=3)]
    age: i32,
    #[sprout(range = 1..=3)]
    name: String,
    #[sprout(nullable)]
    city: Option<String>,
}
fn main() {}
