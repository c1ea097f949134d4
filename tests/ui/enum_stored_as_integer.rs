#[derive(sprout::Sprout)]
#[repr(i32)]
enum Level {
    Low = 1,
    High = 2,
}
#[derive(sprout::Sprout)]
#[sprout(rename_all = "Title Case")]
enum Color {
    Red,
}
fn main() {}
