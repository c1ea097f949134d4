//! A sea-orm app's entities, as it already has them, with `#[derive(Sprout)]` added: sprout
//! reads `#[sea_orm(table_name = .., primary_key)]`, the labels of a `DeriveActiveEnum`, and the
//! foreign keys of the entities' relations (a `Relation` enum, or sea-orm 2's relation fields); and
//! `insert` writes an organisation and its members into PostgreSQL through the app's
//! `DatabaseConnection`, parents first. The app's own insert afterwards gets a fresh key: the
//! factory moved the sequence past the keys it wrote.
//!
//! `cargo run -p sea-orm-app` uses `DATABASE_URL` (default: the local server's `postgres`
//! database) to create a database of its own, `sprout_example_sea_orm`, and drops it at the end.

use sea_orm::{ActiveModelTrait, ConnectionTrait, Database, EntityTrait, QueryOrder, Set};

/// sea-orm 2's entity format (`#[sea_orm::model]`).
pub mod org {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, sprout::Sprout)]
    #[sea_orm(table_name = "org")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub name: String,
    }

    impl ActiveModelBehavior for ActiveModel {}
}

pub mod member {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, sprout::Sprout)]
    #[sea_orm(table_name = "member")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
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

    /// sprout reads the key `org_id -> org.id` from here: no `fk` attribute.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        #[sea_orm(
            belongs_to = "super::org::Entity",
            from = "Column::OrgId",
            to = "super::org::Column::Id"
        )]
        Org,
    }

    impl Related<super::org::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Org.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// sea-orm 2's entity format, where a relation is a field: sprout reads it the same way.
pub mod post {
    use sea_orm::entity::prelude::*;

    #[sea_orm::model]
    #[derive(Clone, Debug, PartialEq, DeriveEntityModel, sprout::Sprout)]
    #[sea_orm(table_name = "post")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i32,
        pub org_id: i32,
        pub title: String,
        #[sea_orm(belongs_to, from = "org_id", to = "id")]
        pub org: BelongsTo<super::org::Entity>,
    }

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
                              email text NOT NULL UNIQUE, role member_role NOT NULL);
         CREATE TABLE post (id integer PRIMARY KEY, org_id integer NOT NULL REFERENCES org (id),
                            title text NOT NULL);",
    )
    .await?;

    let acme = org::Model::sprout().name("Acme".into()).insert(&db).await?;
    member::Model::sprout()
        .org_id(acme.id)
        .insert_many(3, &db)
        .await?;
    // A member alone: its organisation is created first (the key comes from `Relation`).
    member::Model::sprout().insert(&db).await?;
    // A post alone: its organisation is created first (the key comes from its `org` field).
    let post = post::Model::sprout().insert(&db).await?;
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
    let post_org = org::Entity::find_by_id(post.org_id)
        .one(&db)
        .await?
        .expect("the post's org was inserted first");
    println!("the post \"{}\" is from {}", post.title, post_org.name);
    db.close().await?;
    admin
        .execute_unprepared(&format!("DROP DATABASE \"{DATABASE}\" WITH (FORCE)"))
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use sprout::factory::{Model, Reference};

    fn key_of(info: &sprout::factory::ModelInfo, column: &str) -> Option<(String, String)> {
        let field = info.fields.iter().find(|f| f.column == column)?;
        match field.fk.as_ref()? {
            Reference::Column(table, column) => Some((table.to_string(), column.to_string())),
            Reference::Model(parent) => Some((parent().table.to_string(), "pk".into())),
        }
    }

    /// The keys come from the entities' relations: a `Relation` enum's `belongs_to`, and sea-orm
    /// 2's `BelongsTo` field; the relation field itself is no column.
    #[test]
    fn relations_are_the_models_foreign_keys() {
        let member = super::member::Model::info();
        assert_eq!(key_of(member, "org_id"), Some(("org".into(), "id".into())));
        let post = super::post::Model::info();
        assert_eq!(key_of(post, "org_id"), Some(("org".into(), "id".into())));
        assert!(post.fields.iter().all(|f| f.column != "org"));
        let org = super::org::Model::info();
        assert!(
            org.fields.iter().all(|f| f.fk.is_none()),
            "has_many is not a key of org"
        );
    }
}
