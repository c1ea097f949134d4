//! Plan options beyond row counts: children per parent, self-reference depth, locales, and
//! CHECKs with a LIKE prefix.

use std::collections::HashMap;

use sprout::plan::Locale;
use sprout::source::ddl;
use sprout::{Dialect, Plan, PlanOptions, Value, generate, validate};

const SHOP: &str = "
CREATE TABLE users (id serial PRIMARY KEY, first_name varchar(40) NOT NULL, last_name varchar(40) NOT NULL,
                    email varchar(120) NOT NULL UNIQUE);
CREATE TABLE orders (id serial PRIMARY KEY, user_id integer NOT NULL REFERENCES users (id),
                     code varchar(12) NOT NULL CHECK (code LIKE 'ORD-%'));
CREATE TABLE employee (id serial PRIMARY KEY, boss_id integer REFERENCES employee (id), full_name text NOT NULL);
";

fn shop() -> sprout::Schema {
    ddl::parse(SHOP, Dialect::Postgres).unwrap().schema
}

#[test]
fn each_parent_gets_its_own_number_of_children() {
    let schema = shop();
    let options = PlanOptions {
        rows: 50,
        seed: 3,
        children: [("orders".to_string(), ("users".to_string(), 0..=5))].into(),
        ..PlanOptions::default()
    };
    let plan = Plan::new(schema.clone(), options).unwrap();
    let data = generate(&plan).unwrap();
    assert!(validate(&schema, &data).is_empty());
    let orders = data.table("orders").unwrap();
    let user = orders.column_index("user_id").unwrap();
    let mut per_user: HashMap<i64, usize> = HashMap::new();
    for row in &orders.rows {
        let Value::Int(id) = row[user] else {
            panic!("user_id is an integer")
        };
        *per_user.entry(id).or_default() += 1;
    }
    assert!(
        per_user.values().all(|&k| (1..=5).contains(&k)),
        "{per_user:?}"
    );
    assert!(
        per_user.len() < 50,
        "some users have no orders: {} of 50 have some",
        per_user.len()
    );
    assert_eq!(plan.rows_of("orders") as usize, orders.rows.len());
    let code = orders.column_index("code").unwrap();
    assert!(
        orders
            .rows
            .iter()
            .all(|r| r[code].to_string().starts_with("ORD-"))
    );
}

#[test]
fn self_references_stay_within_the_depth_asked() {
    let schema = shop();
    let options = PlanOptions {
        rows: 300,
        seed: 8,
        max_depth: Some(2),
        ..PlanOptions::default()
    };
    let data = generate(&Plan::new(schema, options).unwrap()).unwrap();
    let employees = data.table("employee").unwrap();
    let (id, boss) = (
        employees.column_index("id").unwrap(),
        employees.column_index("boss_id").unwrap(),
    );
    let parent: HashMap<String, String> = employees
        .rows
        .iter()
        .filter(|r| !r[boss].is_null())
        .map(|r| (r[id].to_string(), r[boss].to_string()))
        .collect();
    let depth = |mut node: String| {
        let mut d = 0;
        while let Some(up) = parent.get(&node) {
            node = up.clone();
            d += 1;
        }
        d
    };
    let deepest = employees
        .rows
        .iter()
        .map(|r| depth(r[id].to_string()))
        .max()
        .unwrap();
    assert_eq!(deepest, 2, "trees reach the depth asked and no further");
}

#[test]
fn locales_change_names_not_structure() {
    let schema = shop();
    let names = |locale| {
        let options = PlanOptions {
            rows: 20,
            seed: 1,
            locale,
            ..PlanOptions::default()
        };
        let data = generate(&Plan::new(schema.clone(), options).unwrap()).unwrap();
        assert!(validate(&schema, &data).is_empty());
        let users = data.table("users").unwrap();
        let first = users.column_index("first_name").unwrap();
        users
            .rows
            .iter()
            .map(|r| r[first].to_string())
            .collect::<Vec<_>>()
    };
    let en = names(Locale::En);
    let fr = names(Locale::FrFr);
    let ja = names(Locale::JaJp);
    assert_ne!(en, fr);
    assert!(ja.iter().any(|n| !n.is_ascii()), "{ja:?}");
    assert_eq!("fr_fr".parse::<Locale>().unwrap(), Locale::FrFr);
    assert!(
        "xx".parse::<Locale>()
            .unwrap_err()
            .contains("unknown locale `xx`")
    );
}
