//! Every model a derive made, by table: how a foreign key to a table by name (`fk =
//! "orgs.id"`, a sea-orm relation) finds a model to make its parent from. Each
//! `#[derive(Sprout)]` submits its model with `inventory`; nothing is registered by hand.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::ModelInfo;

/// A derive's model (`#[doc(hidden)]`: the derive submits it).
#[doc(hidden)]
pub struct Registered(pub fn() -> &'static ModelInfo);

inventory::collect!(Registered);

/// The registered model of each table: of several models of one table, the one with the most
/// fields (then the first by their columns), so the choice, and the rows, are the same in every
/// build.
static BY_TABLE: LazyLock<HashMap<&'static str, &'static ModelInfo>> = LazyLock::new(|| {
    let mut out: HashMap<&'static str, &'static ModelInfo> = HashMap::new();
    for registered in inventory::iter::<Registered> {
        let info = (registered.0)();
        let columns = |i: &ModelInfo| i.fields.iter().map(|f| f.column).collect::<Vec<_>>();
        match out.get(info.table) {
            Some(have)
                if (have.fields.len(), std::cmp::Reverse(columns(have)))
                    >= (info.fields.len(), std::cmp::Reverse(columns(info))) => {}
            _ => {
                out.insert(info.table, info);
            }
        }
    }
    out
});

/// The model registered for `table`, if a derive made one.
pub fn model_of_table(table: &str) -> Option<&'static ModelInfo> {
    BY_TABLE.get(table).copied()
}
