//! Factories through diesel's PostgreSQL and MySQL connections (`insert_sync`, sprout features
//! `diesel-postgres` and `diesel-mysql`): parents first, values diesel reads back equal to the
//! built ones, and on PostgreSQL the `serial` sequence moved past
//! the written keys. SQLite is covered by `examples/diesel-app`.

use diesel::prelude::*;
use sprout::Sprout;
use sprout_testkit::{Backend, TestDatabase};

mod schema {
    diesel::table! {
        team (id) {
            id -> Integer,
            name -> Text,
        }
    }
    diesel::table! {
        player (id) {
            id -> Integer,
            team_id -> Integer,
            handle -> Text,
            level -> Text,
            rating -> Nullable<Double>,
        }
    }
    diesel::joinable!(player -> team (team_id));
    diesel::allow_tables_to_appear_in_same_query!(team, player);
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Sprout)]
#[diesel(table_name = schema::team)]
pub struct Team {
    pub id: i32,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Identifiable, Associations, Sprout)]
#[diesel(table_name = schema::player, belongs_to(Team))]
pub struct Player {
    pub id: i32,
    pub team_id: i32,
    #[sprout(unique, seq = "player{n}")]
    pub handle: String,
    #[sprout(values = ["rookie", "pro"])]
    pub level: String,
    #[sprout(range = 0..=10)]
    pub rating: Option<f64>,
}

/// A player alone (its team is created first), then three in a given team.
fn insert_graph<C: sprout::factory::SyncInsert>(conn: &mut C) -> Vec<Player> {
    let alone = Player::sprout().insert_sync(conn).unwrap();
    let given = Team::sprout()
        .name("Given".into())
        .insert_sync(conn)
        .unwrap();
    let mut written = vec![alone];
    for _ in 0..3 {
        written.push(Player::sprout().team(&given).insert_sync(conn).unwrap());
    }
    written
}

/// Inserts the graph, reads it back through diesel and checks it; the teams read. A macro: the
/// `load` bounds differ per backend.
macro_rules! insert_and_check {
    ($conn:expr) => {{
        let written = insert_graph($conn);
        let teams: Vec<Team> = schema::team::table.load($conn).unwrap();
        let read: Vec<Player> = schema::player::table
            .order(schema::player::id)
            .load($conn)
            .unwrap();
        check(&teams, &written, &read);
        teams
    }};
}

fn check(teams: &[Team], written: &[Player], read: &[Player]) {
    assert_eq!(teams.len(), 2, "one created for the lone player, one given");
    assert!(teams.iter().any(|t| t.id == written[0].team_id));
    let given = teams.iter().find(|t| t.name == "Given").unwrap();
    assert!(written[1..].iter().all(|p| p.team_id == given.id));
    let mut sorted = written.to_vec();
    sorted.sort_by_key(|p| p.id);
    assert_eq!(read, sorted, "diesel reads back what the factory built");
}

const DDL_PG: &str = "
CREATE TABLE team (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE player (id integer PRIMARY KEY, team_id integer NOT NULL REFERENCES team (id),
                     handle text NOT NULL UNIQUE, level text NOT NULL, rating double precision);";

#[tokio::test]
async fn diesel_pg_connection_inserts_parents_first_and_moves_sequences() {
    let Some(db) = TestDatabase::require(Backend::Postgres, "diesel_pg").await else {
        return;
    };
    db.run_script(DDL_PG).await.unwrap();
    let url = db.url().to_string();
    tokio::task::spawn_blocking(move || {
        let mut conn = PgConnection::establish(&url).unwrap();
        let teams = insert_and_check!(&mut conn);
        let highest = teams.iter().map(|t| t.id).max().unwrap();
        let next: i32 = diesel::insert_into(schema::team::table)
            .values(schema::team::name.eq("the app's own"))
            .returning(schema::team::id)
            .get_result(&mut conn)
            .expect("the app's insert does not collide with the factory's keys");
        assert!(next > highest, "{next} > {highest}");
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn diesel_mysql_connection_inserts_parents_first() {
    let Some(db) = TestDatabase::require(Backend::Mysql, "diesel_mysql").await else {
        return;
    };
    db.run_script(
        "CREATE TABLE team (id integer AUTO_INCREMENT PRIMARY KEY, name text NOT NULL);
         CREATE TABLE player (id integer PRIMARY KEY, team_id integer NOT NULL REFERENCES team (id),
                              handle varchar(40) NOT NULL UNIQUE, level ENUM('rookie', 'pro') NOT NULL,
                              rating double);",
    )
    .await
    .unwrap();
    let url = db.url().to_string();
    tokio::task::spawn_blocking(move || {
        let mut conn = MysqlConnection::establish(&url).unwrap();
        insert_and_check!(&mut conn);
    })
    .await
    .unwrap();
}
