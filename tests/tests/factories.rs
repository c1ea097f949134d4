//! `#[derive(Sprout)]`: typed, deterministic factories from model structs. The same seed gives
//! the same values; overrides win; traits apply; inserting creates parents first; the models'
//! schema seeds a real database with nothing for `validate` to report and generates the rows
//! its introspected table generates.

use sprout::Sprout;
use sprout::factory::Context;
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

/// `fk = Self`, and a nullable key to a table by name: both NULL unless set.
#[derive(Debug, Clone, PartialEq, Sprout)]
#[sprout(table = "folder")]
pub struct Folder {
    pub id: i32,
    pub name: String,
    #[sprout(fk = Self)]
    pub parent_id: Option<i32>,
    #[sprout(fk = "member.id")]
    pub owner_id: Option<i64>,
}

/// A NOT NULL key to a table by name: the parent is made from the model a derive registered
/// for that table (`Org`).
#[derive(Debug, Clone, PartialEq, Sprout)]
#[sprout(table = "badge")]
pub struct Badge {
    pub id: i32,
    #[sprout(fk = "org.id")]
    pub org_id: i32,
    pub label: String,
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

/// A SQL enum, derived beside `sqlx::Type`: the labels are sqlx's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Sprout, sqlx::Type)]
#[sqlx(type_name = "mood", rename_all = "lowercase")]
pub enum Mood {
    Sad,
    Calm,
    #[sqlx(rename = "over the moon")]
    Happy,
}

/// Enum fields and fake-crate faker expressions.
#[derive(Debug, Clone, PartialEq, Sprout, sqlx::FromRow)]
#[sprout(table = "diary")]
pub struct Entry {
    pub id: i32,
    pub mood: Mood,
    pub before: Option<Mood>,
    #[sprout(faker = sprout::fake::faker::name::en::Name())]
    pub author: String,
    #[sprout(faker = sprout::fake::faker::lorem::en::Sentence(2..6))]
    pub line: Option<String>,
}

const DDL: &str = "
CREATE TYPE mood AS ENUM ('sad', 'calm', 'over the moon');
CREATE TABLE diary (id integer PRIMARY KEY, mood mood NOT NULL, before mood, author text NOT NULL, line text);
CREATE TABLE invoice (id bigint PRIMARY KEY, amount numeric NOT NULL, issued date NOT NULL,
                      sent_at timestamp NOT NULL, paid_at timestamptz);
CREATE TABLE category (id integer PRIMARY KEY, name text NOT NULL, parent_id integer REFERENCES category (id));
CREATE TABLE org (id integer PRIMARY KEY, name text NOT NULL, city text);
CREATE TABLE member (
    id bigint PRIMARY KEY, org_id integer NOT NULL REFERENCES org (id), email text NOT NULL UNIQUE,
    role text NOT NULL, age integer NOT NULL, handle text NOT NULL, nickname text, joined date NOT NULL);
CREATE TABLE badge (id integer PRIMARY KEY, org_id integer NOT NULL REFERENCES org (id), label text NOT NULL);
CREATE TABLE folder (id integer PRIMARY KEY, name text NOT NULL, parent_id integer REFERENCES folder (id),
                     owner_id bigint REFERENCES member (id));
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

#[test]
fn enum_fields_take_the_labels_sqlx_uses() {
    use sprout::factory::{Model, SqlEnum, ToValue};
    assert_eq!(Mood::NAME, "mood");
    assert_eq!(Mood::LABELS, ["sad", "calm", "over the moon"]);
    assert_eq!(
        Mood::Happy.to_value(),
        sprout::Value::Text("over the moon".into())
    );
    let mut ctx = Context::new(2);
    let entries: Vec<Entry> = (0..60).map(|_| Entry::sprout().build(&mut ctx)).collect();
    for mood in [Mood::Sad, Mood::Calm, Mood::Happy] {
        assert!(entries.iter().any(|e| e.mood == mood), "{mood:?} drawn");
    }
    assert!(entries.iter().any(|e| e.before.is_none()));
    let schema = Schema::from_models::<(Entry,)>();
    let mood = schema
        .enum_type("mood")
        .expect("the enum type is in the schema");
    assert_eq!(mood.labels, ["sad", "calm", "over the moon"]);
    assert_eq!(
        Entry::info().fields[1].ty,
        sprout::SqlType::Enum {
            name: "mood".into()
        }
    );
}

#[test]
fn faker_expressions_draw_from_the_cell_stream() {
    let build = |seed| {
        let mut ctx = Context::new(seed);
        (0..30)
            .map(|_| Entry::sprout().build(&mut ctx))
            .collect::<Vec<_>>()
    };
    let entries = build(9);
    assert_eq!(entries, build(9), "the same seed, the same names");
    assert_ne!(entries, build(10));
    assert!(
        entries.iter().all(|e| e.author.contains(' ')),
        "a first and a last name"
    );
    let words = |e: &Entry| e.line.as_deref().map(|l| l.split(' ').count());
    assert!(
        entries
            .iter()
            .filter_map(words)
            .all(|n| (2..6).contains(&n))
    );
    let distinct: std::collections::HashSet<_> = entries.iter().map(|e| &e.author).collect();
    assert!(distinct.len() > 20, "names vary by row: {distinct:?}");
}

#[tokio::test]
async fn enums_round_trip_through_postgres_and_sequences_move_past_factory_keys() {
    let Some(db) = TestDatabase::require(Backend::Postgres, "factories_enum").await else {
        return;
    };
    db.run_script(DDL).await.unwrap();
    db.run_script("CREATE TABLE tag (id serial PRIMARY KEY, label text NOT NULL)")
        .await
        .unwrap();
    let pool = sqlx::PgPool::connect(db.url()).await.unwrap();
    let written = Entry::sprout().insert_many(5, &pool).await.unwrap();
    let read: Vec<Entry> = sqlx::query_as("SELECT * FROM diary ORDER BY id")
        .fetch_all(&pool)
        .await
        .unwrap();
    let mut sorted = written.clone();
    sorted.sort_by_key(|e| e.id);
    assert_eq!(read, sorted, "sqlx reads back what the factory wrote");

    #[derive(Sprout)]
    #[sprout(table = "tag")]
    struct Tag {
        id: i32,
        label: String,
    }
    let tags = Tag::sprout().insert_many(3, &pool).await.unwrap();
    let highest = tags.iter().map(|t| t.id).max().unwrap();
    let (next,): (i32,) = sqlx::query_as("INSERT INTO tag (label) VALUES ('app') RETURNING id")
        .fetch_one(&pool)
        .await
        .expect("the application's insert does not collide with the factory's keys");
    assert!(next > highest, "{next} > {highest}");
    pool.close().await;
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

    // A NOT NULL `fk = "org.id"`: the parent comes from the model registered for `org`.
    let badge = Badge::sprout().insert(&pool).await.unwrap();
    let (made,): (String,) = sqlx::query_as("SELECT name FROM org WHERE id = $1")
        .bind(badge.org_id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(!made.is_empty());
    assert_eq!(
        sprout::factory::model_of_table("org").map(|m| m.fields.len()),
        Some(3)
    );

    // `fk = Self` and a nullable `fk = "member.id"`: NULL unless set, never a made-up key.
    let folder = Folder::sprout().insert(&pool).await.unwrap();
    assert_eq!((folder.parent_id, folder.owner_id), (None, None));
    let inner = Folder::sprout()
        .parent(&folder)
        .owner_id(Some(member.id))
        .insert(&pool)
        .await
        .unwrap();
    assert_eq!(
        (inner.parent_id, inner.owner_id),
        (Some(folder.id), Some(member.id))
    );
    pool.close().await;
}

#[tokio::test]
async fn the_models_schema_seeds_and_matches_the_introspected_table() {
    let Some(db) = TestDatabase::require(Backend::Postgres, "factories_schema").await else {
        return;
    };
    db.run_script(DDL).await.unwrap();
    let schema = Schema::from_models::<(Org, Member, Entry)>();
    assert_eq!(schema.dialect, Dialect::Postgres);
    assert_eq!(
        schema.table("member").unwrap().foreign_keys[0].ref_table,
        "org"
    );
    let spec = schema.spec_from_models::<(Org, Member, Entry)>().unwrap();
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
        vec![
            ("diary".to_string(), 100),
            ("org".to_string(), 100),
            ("member".to_string(), 100)
        ]
    );
    let violations = sprout::validate::live::validate_database(db.url())
        .await
        .unwrap();
    assert!(violations.is_empty(), "{violations:?}");

    // org has no attributes, and diary's only differ in the factory path (fakers): the struct
    // and the introspected table generate the same rows.
    let introspected = sprout::source::introspect(db.url()).await.unwrap().schema;
    let rows = |schema: Schema, table: &str| {
        let mut only_org = schema.clone();
        only_org.tables.retain(|t| t.name == table);
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
    for table in ["org", "diary"] {
        assert_eq!(
            rows(schema.clone(), table),
            rows(introspected.clone(), table),
            "{table}"
        );
    }
}

/// Tasks spawned on a multi-thread runtime share a context (one per thread name, behind a
/// mutex): 32 tasks inserting at once never hand out the same key or email twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_inserts_on_a_multi_thread_runtime_never_collide() {
    let Some(db) = TestDatabase::require(Backend::Postgres, "factories_threads").await else {
        return;
    };
    db.run_script(DDL).await.unwrap();
    let pool = sqlx::PgPool::connect(db.url()).await.unwrap();
    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let pool = pool.clone();
            tokio::spawn(async move { Member::sprout().insert_many(4, &pool).await })
        })
        .collect();
    for task in tasks {
        task.await.unwrap().expect("no key or UNIQUE collision");
    }
    let counts: (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM member), (SELECT count(DISTINCT email) FROM member), (SELECT count(*) FROM org)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(counts, (128, 128, 128));

    // In a scope, tasks spawned through `inherit` take the scope's rows in call order, on
    // whichever worker they resume: the values are the seed's. (A new scope starts again at
    // row 0, so the rows above go first.)
    db.run_script("DELETE FROM member; DELETE FROM org;")
        .await
        .unwrap();
    let emails = sprout::factory::scope(77, async {
        let mut emails = Vec::new();
        for _ in 0..10 {
            let pool = pool.clone();
            let member = tokio::spawn(sprout::factory::inherit(async move {
                tokio::task::yield_now().await;
                Member::sprout().insert(&pool).await
            }))
            .await
            .unwrap()
            .unwrap();
            emails.push(member.email);
        }
        emails
    })
    .await;
    let mut ctx = Context::new(77);
    let expected: Vec<String> = (0..10)
        .map(|_| Member::sprout().build(&mut ctx).email)
        .collect();
    assert_eq!(emails, expected);
    pool.close().await;
}

/// A field's type is known by the traits it implements, not by its name: an alias maps, and
/// `range` / `values` / `len` become typed generators (numbers in `values` included).
mod aliased {
    pub type Count = i64;
    pub type Score = f64;
    pub type Label = String;

    #[derive(Debug, sprout::Sprout)]
    #[sprout(table = "tally")]
    pub struct Tally {
        pub id: Count,
        #[sprout(values = [3, 5, 7])]
        pub bucket: Count,
        #[sprout(range = 0.5..=2.5)]
        pub score: Score,
        #[sprout(len = 4..=6)]
        pub label: Label,
        pub note: Option<Label>,
    }
}

#[test]
fn aliased_types_map_through_their_traits() {
    use sprout::factory::Model;
    let info = aliased::Tally::info();
    let types: Vec<_> = info.fields.iter().map(|f| f.ty.clone()).collect();
    assert_eq!(
        types,
        [
            sprout::SqlType::Int {
                bytes: 8,
                unsigned: false
            },
            sprout::SqlType::Int {
                bytes: 8,
                unsigned: false
            },
            sprout::SqlType::Float { bytes: 8 },
            sprout::SqlType::Text,
            sprout::SqlType::Text,
        ]
    );
    assert!(info.fields[4].nullable);
    let mut ctx = Context::new(3);
    let rows: Vec<aliased::Tally> = (0..100)
        .map(|_| aliased::Tally::sprout().build(&mut ctx))
        .collect();
    assert!(
        rows.iter().all(|t| [3, 5, 7].contains(&t.bucket)),
        "{rows:?}"
    );
    assert!(rows.iter().all(|t| (0.5..=2.5).contains(&t.score)));
    assert!(
        rows.iter()
            .all(|t| (4..=6).contains(&t.label.chars().count()))
    );
    let buckets: std::collections::HashSet<_> = rows.iter().map(|t| t.bucket).collect();
    assert_eq!(buckets.len(), 3, "every value is drawn");
}

/// `.existing()`: a foreign key takes a row already in the parent table (picked by the seed)
/// instead of a new parent; NULL for a nullable key when there is none; a clear error for a
/// NOT NULL one.
#[tokio::test]
async fn existing_parents_are_taken_from_the_database() {
    let Some(db) = TestDatabase::require(Backend::Postgres, "factories_existing").await else {
        return;
    };
    db.run_script(DDL).await.unwrap();
    let pool = sqlx::PgPool::connect(db.url()).await.unwrap();

    // No org yet: a NOT NULL key has nothing to take.
    let error = Member::sprout().existing().insert(&pool).await.unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains(".existing() found no row in org") && message.contains("member.org_id"),
        "{message}"
    );
    // A key to a table by name takes an existing row too.
    let error = Badge::sprout().existing().insert(&pool).await.unwrap_err();
    assert!(error.to_string().contains("no row in org"), "{error}");
    // A nullable key with nothing there is NULL (`fk = Self`, and `fk = "member.id"`).
    let folder = Folder::sprout().existing().insert(&pool).await.unwrap();
    assert_eq!((folder.parent_id, folder.owner_id), (None, None));

    let orgs = Org::sprout().insert_many(3, &pool).await.unwrap();
    let ids: Vec<i32> = orgs.iter().map(|o| o.id).collect();
    let members = sprout::factory::scope(11, async {
        Member::sprout().existing().insert_many(30, &pool).await
    })
    .await
    .unwrap();
    assert!(members.iter().all(|m| ids.contains(&m.org_id)), "{ids:?}");
    let used: std::collections::HashSet<i32> = members.iter().map(|m| m.org_id).collect();
    assert!(used.len() > 1, "the seed spreads the picks: {used:?}");
    let (count,): (i64,) = sqlx::query_as("SELECT count(*) FROM org")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(count, 3, "no parent was made");

    // Existing rows fill the nullable keys too, and the picks follow the seed.
    let folders = Folder::sprout()
        .existing()
        .insert_many(5, &pool)
        .await
        .unwrap();
    assert!(
        folders
            .iter()
            .all(|f| f.parent_id.is_some() && f.owner_id.is_some())
    );
    // The same seed over the same rows picks the same parents.
    sqlx::query("DELETE FROM folder")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("DELETE FROM member")
        .execute(&pool)
        .await
        .unwrap();
    let again = sprout::factory::scope(11, async {
        Member::sprout().existing().insert_many(30, &pool).await
    })
    .await
    .unwrap();
    let org_ids = |ms: &[Member]| ms.iter().map(|m| m.org_id).collect::<Vec<_>>();
    assert_eq!(org_ids(&again), org_ids(&members));
}
