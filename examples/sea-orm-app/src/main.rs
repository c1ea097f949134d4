//! A sea-orm app's entities, as it already has them, with `#[derive(Sprout)]` added: sprout
//! reads `#[sea_orm(table_name = .., primary_key)]` and the labels of a `DeriveActiveEnum`, and
//! `insert` writes an organisation and its members into PostgreSQL through the app's
//! `DatabaseConnection`, parents first. The app's own insert afterwards gets a fresh key: the
//! factory moved the sequence past the keys it wrote.
//!
//! `cargo run -p sea-orm-app` uses `DATABASE_URL` (default: the local server's `postgres`
//! database) to create a database of its own, `sprout_example_sea_orm`, and drops it at the end.

use sea_orm::{ActiveModelTrait, ConnectionTrait, Database, EntityTrait, QueryOrder, Set};

pub mod org {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, sprout::Sprout)]
    #[sea_orm(table_name = "org")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod member {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, sprout::Sprout)]
    #[sea_orm(table_name = "member")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        #[sprout(fk = super::org::Model)]
        pub org_id: i32,
        #[sea_orm(unique)]
        #[sprout(faker = "email")]
        pub email: String,
        pub role: Role,
    }

    /// A PostgreSQL enum, as sea-orm maps it; sprout takes its labels from `string_value`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, EnumIter, DeriveActiveEnum, sprout::Sprout)]
    #[sea_orm(rs_type = "String", db_type = "Enum", enum_name = "member_role")]
    pub enum Role {
        #[sea_orm(string_value = "member")]
        Member,
        #[sea_orm(string_value = "admin")]
        Admin,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

const DATABASE: &str = "sprout_example_sea_orm";

#[tokio::main(flavor = "current_thread")]
async fn main() -> anyhow::Result<()> {
    let server = std::env::var("DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_string());
    let admin = Database::connect(&server).await?;
    admin
        .execute_unprepared(&format!(
            "DROP DATABASE IF EXISTS \"{DATABASE}\" WITH (FORCE)"
        ))
        .await?;
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{DATABASE}\""))
        .await?;
    let url = match server.rsplit_once('/') {
        Some((base, _)) => format!("{base}/{DATABASE}"),
        None => format!("{server}/{DATABASE}"),
    };
    let db = Database::connect(&url).await?;
    db.execute_unprepared(
        "CREATE TYPE member_role AS ENUM ('member', 'admin');
         CREATE TABLE org (id serial PRIMARY KEY, name text NOT NULL);
         CREATE TABLE member (id integer PRIMARY KEY, org_id integer NOT NULL REFERENCES org (id),
                              email text NOT NULL UNIQUE, role member_role NOT NULL);",
    )
    .await?;

    let acme = org::Model::sprout().name("Acme".into()).insert(&db).await?;
    member::Model::sprout()
        .org(&acme)
        .insert_many(3, &db)
        .await?;
    // A member alone: its organisation is created first.
    member::Model::sprout().insert(&db).await?;
    // The app's own insert: `serial` gives a key past the factory's.
    let own = org::ActiveModel {
        name: Set("Own Org".into()),
        ..Default::default()
    }
    .insert(&db)
    .await?;
    println!("the app's own org got id {}", own.id);

    let orgs = org::Entity::find()
        .order_by_asc(org::Column::Id)
        .all(&db)
        .await?;
    let members = member::Entity::find()
        .order_by_asc(member::Column::Id)
        .all(&db)
        .await?;
    for m in &members {
        let org = orgs
            .iter()
            .find(|o| o.id == m.org_id)
            .expect("its org was inserted first");
        println!("{:>24} | {:<36} | {:?}", org.name, m.email, m.role);
    }
    println!("{} members in {} orgs", members.len(), orgs.len());
    db.close().await?;
    admin
        .execute_unprepared(&format!("DROP DATABASE \"{DATABASE}\" WITH (FORCE)"))
        .await?;
    Ok(())
}
