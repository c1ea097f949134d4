#[derive(sprout::Sprout)]
struct User {
    id: i64,
    #[sprout(len = 5..=40)]
    age: i32,
}
fn main() {}
