//! `#[derive(Sprout)]`: typed, deterministic factories from model structs. The same seed gives
//! the same values; overrides win; traits apply; inserting creates parents first; the models'
//! schema seeds a real database with nothing for `validate` to report and generates the rows
//! its introspected table generates.

use sprout::Sprout;
use sprout::model::Context;
use sprout::{Dialect, Plan, PlanOptions, Schema};
use sprout_testkit::{Backend, TestDatabase};

#[derive(Debug, Clone, PartialEq, Sprout)]
#[sprout(table = "org")]
pub struct Org {
    #[sprout(pk)]
    pub id: i32,
    pub name: String,
    pub city: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Sprout)]
#[sprout(table = "member", trait(name = "admin", role = "admin", age = 40))]
pub struct Member {
    pub id: i64,
    #[sprout(fk = Org)]
    pub org_id: i32,
    #[sprout(unique, faker = "email")]
    pub email: String,
    #[sprout(values = ["member", "admin", "guest"])]
    pub role: String,
    #[sprout(range = 18..=90)]
    pub age: i32,
    #[sprout(seq = "member{n}")]
    pub handle: String,
    #[sprout(null_rate = 0.5)]
    pub nickname: Option<String>,
    pub joined: chrono::NaiveDate,
    #[sprout(skip)]
    pub cache: Vec<String>,
}

/// A self-reference: inserting creates no parent chain; the link is NULL unless given.
#[derive(Debug, Clone, PartialEq, Sprout)]
#[sprout(table = "category")]
pub struct Category {
    pub id: i32,
    pub name: String,
    #[sprout(fk = Category)]
    pub parent_id: Option<i32>,
}

/// rust_decimal and the `time` crate's types.
#[derive(Debug, Clone, PartialEq, Sprout)]
#[sprout(table = "invoice")]
pub struct Invoice {
    pub id: i64,
    #[sprout(range = 5..=500)]
    pub amount: rust_decimal::Decimal,
    pub issued: time::Date,
    pub sent_at: time::PrimitiveDateTime,
    pub paid_at: Option<time::OffsetDateTime>,
}

const DDL: &str = "
CREATE TABLE invoice (id bigint PRIMARY KEY, amount numeric NOT NULL, issued date NOT NULL,
                      sent_at timestamp NOT NULL, paid_at timestamptz);
CREATE TABLE category (id integer PRIMARY KEY, name text NOT NULL, parent_id integer REFERENCES category (id));
CREATE TABLE org (id integer PRIMARY KEY, name text NOT NULL, city text);
CREATE TABLE member (
    id bigint PRIMARY KEY, org_id integer NOT NULL REFERENCES org (id), email text NOT NULL UNIQUE,
    role text NOT NULL, age integer NOT NULL, handle text NOT NULL, nickname text, joined date NOT NULL);
";

#[test]
fn the_same_seed_gives_the_same_values() {
    let build = |seed| {
        let mut ctx = Context::new(seed);
        (0..20)
            .map(|_| Member::sprout().build(&mut ctx))
            .collect::<Vec<_>>()
    };
    assert_eq!(build(7), build(7));
    assert_ne!(build(7), build(8));
}

#[test]
fn attributes_shape_the_values() {
    let mut ctx = Context::new(1);
    let members: Vec<Member> = (0..200).map(|_| Member::sprout().build(&mut ctx)).collect();
    assert!(members.iter().all(|m| (18..=90).contains(&m.age)));
    assert!(
        members
            .iter()
            .all(|m| ["member", "admin", "guest"].contains(&m.role.as_str()))
    );
    assert!(members.iter().all(|m| m.email.contains('@')));
    assert_eq!(members[0].handle, "member1");
    assert_eq!(members[41].handle, "member42");
    let nulls = members.iter().filter(|m| m.nickname.is_none()).count();
    assert!((60..140).contains(&nulls), "null_rate 0.5: {nulls} of 200");
    let emails: std::collections::HashSet<_> = members.iter().map(|m| &m.email).collect();
    assert_eq!(emails.len(), 200, "unique");
    assert!(
        members.iter().all(|m| m.cache.is_empty()),
        "skipped fields default"
    );
}

#[test]
fn decimal_and_time_fields_build() {
    let mut ctx = Context::new(4);
    let invoices: Vec<Invoice> = (0..50).map(|_| Invoice::sprout().build(&mut ctx)).collect();
    let (low, high) = (
        rust_decimal::Decimal::from(5),
        rust_decimal::Decimal::from(500),
    );
    assert!(invoices.iter().all(|i| i.amount >= low && i.amount <= high));
    assert!(
        invoices
            .iter()
            .all(|i| (2020..=2025).contains(&i.issued.year()))
    );
    assert!(invoices.iter().any(|i| i.paid_at.is_some()));
}

#[test]
fn overrides_win_and_traits_apply() {
    let mut ctx = Context::new(3);
    let admin = Member::sprout().with_trait("admin").build(&mut ctx);
    assert_eq!((admin.role.as_str(), admin.age), ("admin", 40));
    let named = Member::sprout()
        .with_trait("admin")
        .age(19)
        .email("x@example.com".into())
        .build(&mut ctx);
    assert_eq!(
        (named.role.as_str(), named.age),
        ("admin", 19),
        "the override wins over the trait"
    );
    assert_eq!(named.email, "x@example.com");
    let err = Member::sprout()
        .with_trait("owner")
        .try_build(&mut ctx)
        .unwrap_err();
    assert!(err.to_string().contains("no trait named `owner`"), "{err}");
}

#[tokio::test]
async fn inserting_creates_parents_first() {
    let Some(db) = TestDatabase::require(Backend::Postgres, "factories_insert").await else {
        return;
    };
    db.run_script(DDL).await.unwrap();
    let pool = sqlx::PgPool::connect(db.url()).await.unwrap();
    let member = Member::sprout().insert(&pool).await.unwrap();
    let (org_name,): (String,) = sqlx::query_as("SELECT name FROM org WHERE id = $1")
        .bind(member.org_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(!org_name.is_empty());
    // A given parent is used, not created.
    let org = Org::sprout()
        .name("Acme".into())
        .insert(&pool)
        .await
        .unwrap();
    let staff = Member::sprout()
        .org(&org)
        .insert_many(3, &pool)
        .await
        .unwrap();
    assert!(staff.iter().all(|m| m.org_id == org.id));
    let (orgs, members): (i64, i64) =
        sqlx::query_as("SELECT (SELECT count(*) FROM org), (SELECT count(*) FROM member)")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((orgs, members), (2, 4));
    let root = Category::sprout().insert(&pool).await.unwrap();
    assert_eq!(root.parent_id, None);
    let child = Category::sprout()
        .parent(&root)
        .insert(&pool)
        .await
        .unwrap();
    assert_eq!(child.parent_id, Some(root.id));
    pool.close().await;
}

#[tokio::test]
async fn the_models_schema_seeds_and_matches_the_introspected_table() {
    let Some(db) = TestDatabase::require(Backend::Postgres, "factories_schema").await else {
        return;
    };
    db.run_script(DDL).await.unwrap();
    let schema = Schema::from_models::<(Org, Member)>();
    assert_eq!(schema.dialect, Dialect::Postgres);
    assert_eq!(
        schema.table("member").unwrap().foreign_keys[0].ref_table,
        "org"
    );
    let spec = schema.spec_from_models::<(Org, Member)>().unwrap();
    let options = PlanOptions {
        rows: 100,
        seed: 11,
        spec: Some(spec),
        ..PlanOptions::default()
    };
    let report = sprout::seed::seed(
        db.url(),
        Some(schema.clone()),
        options,
        sprout::seed::IfExists::Fail,
    )
    .await
    .unwrap();
    assert_eq!(
        report.rows,
        vec![("org".to_string(), 100), ("member".to_string(), 100)]
    );
    let violations = sprout::validate::live::validate_database(db.url())
        .await
        .unwrap();
    assert!(violations.is_empty(), "{violations:?}");

    // org has no attributes: the struct and the introspected table generate the same rows.
    let introspected = sprout::source::introspect(db.url()).await.unwrap().schema;
    let rows = |schema: Schema| {
        let mut only_org = schema.clone();
        only_org.tables.retain(|t| t.name == "org");
        let plan = Plan::new(
            only_org,
            PlanOptions {
                rows: 50,
                seed: 5,
                ..PlanOptions::default()
            },
        )
        .unwrap();
        sprout::generate(&plan).unwrap().tables.remove(0).rows
    };
    assert_eq!(rows(schema), rows(introspected));
}
