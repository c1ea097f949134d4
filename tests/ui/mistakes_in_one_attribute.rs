// Every mistake inside one attribute is reported, not only the first.
#[derive(sprout::Sprout)]
#[sprout(colour = "red", table = "users", shape = "round")]
struct User {
    id: i64,
    #[sprout(len = 1..=3, nullable, unique, range = 1..=3)]
    age: i32,
}
fn main() {}
