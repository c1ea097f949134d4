#[derive(sprout::Sprout)]
struct User {
    id: i64,
    #[sprout(colour = "red")]
    name: String,
}
fn main() {}
