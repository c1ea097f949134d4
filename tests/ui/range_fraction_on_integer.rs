// A range with fractional ends needs a float or decimal field: the field's type says, by the
// trait `FloatRange`, not by its name.
type Age = i32;

#[derive(sprout::Sprout)]
#[sprout(table = "users")]
struct User {
    id: i64,
    #[sprout(range = 0.5..=9.5)]
    age: Age,
    #[sprout(range = 0.5..=9.5)]
    score: f64,
}
fn main() {}
