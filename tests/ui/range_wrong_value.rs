#[derive(sprout::Sprout)]
struct User {
    id: i64,
    #[sprout(range = "18..90")]
    age: i32,
}
fn main() {}
