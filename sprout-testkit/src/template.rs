//! Template databases: a test's schema or migrations run once into a template, named by a hash
//! of their content and kept for later runs, and every test database is cloned from it. Builders
//! in other processes wait on a server-side lock; a template is used only once it is marked
//! complete, so a run killed mid-build is rebuilt, never half-used.

use std::path::PathBuf;

use sqlx::{AssertSqlSafe, Connection};

use crate::database::run_each;
use xxhash_rust::xxh3::xxh3_64;

use crate::database::{Backend, TestDbError, admin_execute, run_script_at, script_statements};

/// The comment that marks a template complete.
const COMPLETE: &str = "sprout-testkit template: complete";

/// The name of the template `setup` gets on `backend`: `sprout_tpl_<XXH3-64 of the scripts>`.
pub fn template_name_for(backend: Backend, setup: &crate::Setup) -> String {
    template_name(backend, &setup.scripts().unwrap_or_default())
}

pub(crate) fn template_name(backend: Backend, scripts: &[String]) -> String {
    let mut content = format!("{backend:?}\n");
    for script in scripts {
        content.push_str(script);
        content.push('\0');
    }
    format!("sprout_tpl_{:016x}", xxh3_64(content.as_bytes()))
}

fn with_database(admin_url: &str, database: &str) -> String {
    let mut url = url::Url::parse(admin_url).expect("the admin URL parsed before");
    url.set_path(database);
    url.to_string()
}

/// Creates database `name` on the server at `admin_url`, with `scripts` applied through a
/// template when there are any.
pub(crate) async fn create_database(
    backend: Backend,
    admin_url: &str,
    name: &str,
    url: &str,
    scripts: &[String],
) -> Result<(), TestDbError> {
    if scripts.is_empty() {
        let create = format!("CREATE DATABASE {}", backend.sql().quote_ident(name));
        admin_execute(admin_url, &[create]).await?;
        return Ok(());
    }
    let template = ensure_template(backend, admin_url, scripts).await?;
    if backend.sql().clone_database(name, &template).is_some() {
        // The server clones (PostgreSQL).
        match clone_postgres(admin_url, &[name.to_string()], &template, None).await? {
            Some(_) => Ok(()),
            None => Err(TestDbError::Setup(format!(
                "database `{name}` already exists; fix: drop it, or give the test another name"
            ))),
        }
    } else {
        // Tables, rows, views, triggers and routines copied one by one (MySQL/MariaDB).
        let create = format!("CREATE DATABASE {}", backend.sql().quote_ident(name));
        admin_execute(admin_url, &[create]).await?;
        copy_mysql(admin_url, &template, url).await
    }
}

/// Builds `scripts`' template on the server when it is not there complete; returns its name.
pub(crate) async fn ensure_template(
    backend: Backend,
    admin_url: &str,
    scripts: &[String],
) -> Result<String, TestDbError> {
    let template = template_name(backend, scripts);
    if backend.sql().clone_database("", &template).is_some() {
        ensure_postgres(admin_url, &template, scripts).await?;
    } else {
        ensure_mysql(admin_url, &template, scripts).await?;
    }
    Ok(template)
}

/// `CREATE DATABASE name TEMPLATE template`, retried while another session holds the template.
/// Clones `template` into the first of `names` that does not exist yet, and returns it (`None`
/// when every one exists). `sent`, when given, is called once the server has the clone's
/// statement: from then on the process may exit and the server still finishes the clone.
pub(crate) async fn clone_postgres(
    admin_url: &str,
    names: &[String],
    template: &str,
    sent: Option<&(dyn Fn() + Sync)>,
) -> Result<Option<String>, TestDbError> {
    let sql = Backend::Postgres.sql();
    let mut admin = sqlx::PgConnection::connect(admin_url).await?;
    for name in names {
        let clone = sql
            .clone_database(name, template)
            .expect("PostgreSQL clones");
        // Two clones of one template at the same moment can collide; wait and retry.
        let mut attempts = 0;
        loop {
            match execute_handing_off(&mut admin, &clone, sent.unwrap_or(&|| {})).await {
                Ok(()) => {
                    drop(admin);
                    return Ok(Some(name.clone()));
                }
                // 55006 object_in_use: another session is connected to the template.
                Err(sqlx::Error::Database(e))
                    if attempts < 50 && e.code().as_deref() == Some("55006") =>
                {
                    attempts += 1;
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                }
                // 42P04 duplicate_database, or 23505 when another clone of the same name is
                // committing at this moment: taken, the next name.
                Err(sqlx::Error::Database(e))
                    if matches!(e.code().as_deref(), Some("42P04" | "23505")) =>
                {
                    break;
                }
                Err(e) => return Err(e.into()),
            }
        }
    }
    drop(admin);
    Ok(None)
}

/// Runs `statement` on `conn`, calling `sent` as soon as the driver first waits for the reply:
/// the statement is then written out, and PostgreSQL runs a statement it has received to its
/// end even when the client has gone (it notices only when it answers). So a process whose
/// last work is a `CREATE DATABASE` or a `DROP DATABASE` may exit without waiting for it.
pub(crate) async fn execute_handing_off(
    conn: &mut sqlx::PgConnection,
    statement: &str,
    sent: &(dyn Fn() + Sync),
) -> Result<(), sqlx::Error> {
    use std::future::Future;
    use std::task::Poll;
    let mut run = std::pin::pin!(sqlx::raw_sql(AssertSqlSafe(statement)).execute(conn));
    let first = std::future::poll_fn(|cx| Poll::Ready(run.as_mut().poll(cx))).await;
    sent();
    match first {
        Poll::Ready(result) => result.map(drop),
        Poll::Pending => run.await.map(drop),
    }
}

async fn ensure_postgres(
    admin_url: &str,
    template: &str,
    scripts: &[String],
) -> Result<(), TestDbError> {
    let mut admin = sqlx::PgConnection::connect(admin_url).await?;
    let key = xxh3_64(template.as_bytes()) as i64;
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(key)
        .execute(&mut admin)
        .await?;
    let result = async {
        let state: Option<(Option<String>,)> = sqlx::query_as(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1",
        )
        .bind(template)
        .fetch_optional(&mut admin)
        .await?;
        let drop = Backend::Postgres.sql().drop_database(template);
        match state {
            Some((Some(comment),)) if comment == COMPLETE => return Ok(()),
            Some(_) => {
                sqlx::raw_sql(AssertSqlSafe(drop.as_str()))
                    .execute(&mut admin)
                    .await?;
            }
            None => {}
        }
        let create = format!(
            "CREATE DATABASE {}",
            Backend::Postgres.sql().quote_ident(template)
        );
        sqlx::raw_sql(AssertSqlSafe(create))
            .execute(&mut admin)
            .await?;
        let url = with_database(admin_url, template);
        let moved_to = match run_postgres_scripts(admin_url, &url, scripts).await {
            Ok(moved_to) => moved_to,
            Err(e) => {
                let _ = sqlx::raw_sql(AssertSqlSafe(drop.as_str()))
                    .execute(&mut admin)
                    .await;
                return Err(TestDbError::Setup(format!("the schema failed: {e}")));
            }
        };
        // A script that made its own database and moved to it with psql's `\c` (Chinook as
        // shipped) ran as written; the template becomes a copy of that database, which stays
        // on the server as psql would leave it.
        if let Some(database) = moved_to.filter(|d| d != template) {
            sqlx::raw_sql(AssertSqlSafe(drop.as_str()))
                .execute(&mut admin)
                .await?;
            clone_postgres(admin_url, &[template.to_string()], &database, None).await?;
        }
        let mark = format!(
            "COMMENT ON DATABASE {} IS '{COMPLETE}'",
            Backend::Postgres.sql().quote_ident(template)
        );
        sqlx::raw_sql(AssertSqlSafe(mark))
            .execute(&mut admin)
            .await?;
        Ok(())
    }
    .await;
    let _ = sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(key)
        .execute(&mut admin)
        .await;
    let _ = admin.close().await;
    result
}

/// Runs `scripts` on the template database at `url` as psql runs a file: a script without psql
/// meta-commands or database-level statements goes whole, in one round trip; otherwise
/// statement by statement, `CREATE DATABASE` and the like on their own (they cannot run in a
/// transaction block), and `\c db` moves to database `db` for what follows. Returns the
/// database it moved to, if any.
async fn run_postgres_scripts(
    admin_url: &str,
    url: &str,
    scripts: &[String],
) -> Result<Option<String>, String> {
    use sprout::source::script::{ScriptItem, split_script};
    let mut conn = sqlx::PgConnection::connect(url)
        .await
        .map_err(|e| e.to_string())?;
    let mut moved_to = None;
    for script in scripts {
        let items = split_script(script);
        let by_item = items.iter().any(|item| match item {
            ScriptItem::Meta { .. } => true,
            ScriptItem::Statement(s) => runs_alone(&s.text),
        });
        if !by_item {
            sqlx::raw_sql(AssertSqlSafe(script.as_str()))
                .execute(&mut conn)
                .await
                .map_err(|e| e.to_string())?;
            continue;
        }
        // Statements between those go together, one round trip per run of them.
        let mut batch = (String::new(), 0);
        for item in items {
            let alone = match &item {
                ScriptItem::Statement(statement) => runs_alone(&statement.text),
                ScriptItem::Meta { .. } => true,
            };
            if alone && !batch.0.is_empty() {
                run_batch(&mut conn, &batch.0, batch.1).await?;
                batch = (String::new(), 0);
            }
            match item {
                ScriptItem::Statement(statement) if !alone => {
                    if batch.0.is_empty() {
                        batch.1 = statement.line;
                    } else {
                        batch.0.push_str(";\n");
                    }
                    batch.0.push_str(&statement.text);
                }
                ScriptItem::Statement(statement) => {
                    run_batch(&mut conn, &statement.text, statement.line).await?;
                }
                ScriptItem::Meta { text, line } => {
                    let mut words = text.split_whitespace();
                    match words.next().unwrap_or_default() {
                        "\\c" | "\\connect" => {
                            let database = words
                                .next()
                                .map(|w| w.trim_end_matches(';').trim_matches('"').to_string())
                                .filter(|w| !w.is_empty() && w != "-")
                                .ok_or_else(|| {
                                    format!("line {line}: `{text}` names no database")
                                })?;
                            conn =
                                sqlx::PgConnection::connect(&with_database(admin_url, &database))
                                    .await
                                    .map_err(|e| format!("line {line}: `{text}`: {e}"))?;
                            moved_to = Some(database);
                        }
                        // Settings of psql itself: nothing for the server.
                        "\\set" | "\\unset" | "\\echo" | "\\qecho" | "\\pset" | "\\timing"
                        | "\\encoding" | "\\o" => {}
                        _ => {
                            return Err(format!(
                                "line {line}: the psql meta-command `{text}` is not supported here; fix: run it with psql before the tests, or drop it from the schema file"
                            ));
                        }
                    }
                }
            }
        }
        if !batch.0.is_empty() {
            run_batch(&mut conn, &batch.0, batch.1).await?;
        }
    }
    let _ = conn.close().await;
    Ok(moved_to)
}

/// Runs statements sent together; an error names the line the first of them starts on.
async fn run_batch(conn: &mut sqlx::PgConnection, sql: &str, line: usize) -> Result<(), String> {
    sqlx::raw_sql(AssertSqlSafe(sql))
        .execute(&mut *conn)
        .await
        .map(drop)
        .map_err(|e| format!("statements from line {line}: {e}"))
}

/// Statements PostgreSQL refuses inside a transaction block, which a multi-statement message is.
fn runs_alone(statement: &str) -> bool {
    let words: Vec<String> = statement
        .split_whitespace()
        .take(2)
        .map(str::to_ascii_uppercase)
        .collect();
    matches!(
        words.iter().map(String::as_str).collect::<Vec<_>>()[..],
        ["CREATE" | "DROP" | "ALTER", "DATABASE"]
            | ["VACUUM", ..]
            | ["CREATE" | "DROP", "TABLESPACE"]
    )
}

async fn ensure_mysql(
    admin_url: &str,
    template: &str,
    scripts: &[String],
) -> Result<(), TestDbError> {
    let mut admin = sqlx::MySqlConnection::connect(admin_url).await?;
    sqlx::query("SELECT GET_LOCK(?, 300)")
        .bind(template)
        .execute(&mut admin)
        .await?;
    let result = async {
        let state: Option<(String,)> = sqlx::query_as(
            "SELECT CAST(SCHEMA_COMMENT AS CHAR) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
        )
        .bind(template)
        .fetch_optional(&mut admin)
        .await?;
        let drop = Backend::Mysql.sql().drop_database(template);
        match state {
            Some((comment,)) if comment == COMPLETE => return Ok(()),
            Some(_) => {
                sqlx::raw_sql(AssertSqlSafe(drop.as_str()))
                    .execute(&mut admin)
                    .await?;
            }
            None => {}
        }
        let create = format!("CREATE DATABASE {}", Backend::Mysql.sql().quote_ident(template));
        sqlx::raw_sql(AssertSqlSafe(create)).execute(&mut admin).await?;
        let url = with_database(admin_url, template);
        let ended_in = match run_mysql_scripts(&url, scripts).await {
            Ok(database) => database,
            Err(e) => {
                let _ = sqlx::raw_sql(AssertSqlSafe(drop.as_str()))
                    .execute(&mut admin)
                    .await;
                return Err(TestDbError::Setup(format!("the schema failed: {e}")));
            }
        };
        // A script that makes its own database and switches to it (`CREATE DATABASE sakila;
        // USE sakila;`, as Sakila and Chinook ship) ran as written; its database becomes the
        // template's content.
        if let Some(database) = ended_in.filter(|d| d != template) {
            copy_mysql(admin_url, &database, &url).await?;
        }
        let mark = format!(
            "ALTER DATABASE {} COMMENT = '{COMPLETE}'",
            Backend::Mysql.sql().quote_ident(template)
        );
        sqlx::raw_sql(AssertSqlSafe(mark)).execute(&mut admin).await?;
        Ok(())
    }
    .await;
    let _ = sqlx::query("SELECT RELEASE_LOCK(?)")
        .bind(template)
        .execute(&mut admin)
        .await;
    let _ = admin.close().await;
    result
}

/// Runs `scripts` in order on one connection to `url`, as the `mysql` client runs a file, and
/// returns the database the connection ended in (a script may `USE` another).
async fn run_mysql_scripts(url: &str, scripts: &[String]) -> Result<Option<String>, sqlx::Error> {
    let mut conn = sqlx::MySqlConnection::connect(url).await?;
    for script in scripts {
        run_each!(&mut conn, &script_statements(Backend::Mysql, script)).await?;
    }
    let (database,): (Option<String>,) = sqlx::query_as("SELECT CAST(DATABASE() AS CHAR)")
        .fetch_one(&mut conn)
        .await?;
    let _ = conn.close().await;
    Ok(database)
}

/// Copies the template's tables (with their rows), views, triggers and routines into the new
/// database at `url`, foreign-key checks off while tables arrive in any order.
pub(crate) async fn copy_mysql(
    admin_url: &str,
    template: &str,
    url: &str,
) -> Result<(), TestDbError> {
    let mut admin = sqlx::MySqlConnection::connect(admin_url).await?;
    let objects: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(TABLE_NAME AS CHAR), CAST(TABLE_TYPE AS CHAR) FROM information_schema.TABLES
         WHERE TABLE_SCHEMA = ? ORDER BY TABLE_TYPE, TABLE_NAME",
    )
    .bind(template)
    .fetch_all(&mut admin)
    .await?;
    let t = |name: &str| {
        format!(
            "{}.{}",
            Backend::Mysql.sql().quote_ident(template),
            Backend::Mysql.sql().quote_ident(name)
        )
    };
    let mut statements = vec!["SET FOREIGN_KEY_CHECKS = 0".to_string()];
    let mut views = Vec::new();
    for (table, kind) in &objects {
        if kind == "VIEW" {
            let (_, create, ..): (String, String, String, String) =
                sqlx::query_as(AssertSqlSafe(format!("SHOW CREATE VIEW {}", t(table))))
                    .fetch_one(&mut admin)
                    .await?;
            views.push(create.replace(
                &format!("{}.", Backend::Mysql.sql().quote_ident(template)),
                "",
            ));
            continue;
        }
        let (_, create): (String, String) =
            sqlx::query_as(AssertSqlSafe(format!("SHOW CREATE TABLE {}", t(table))))
                .fetch_one(&mut admin)
                .await?;
        statements.push(create);
        // Rows the migrations inserted, every column but the generated ones.
        let columns: Vec<(String,)> = sqlx::query_as(
            "SELECT CAST(COLUMN_NAME AS CHAR) FROM information_schema.COLUMNS
             WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?
               AND EXTRA NOT LIKE '%VIRTUAL GENERATED%' AND EXTRA NOT LIKE '%STORED GENERATED%'
             ORDER BY ORDINAL_POSITION",
        )
        .bind(template)
        .bind(table)
        .fetch_all(&mut admin)
        .await?;
        let list: Vec<String> = columns
            .iter()
            .map(|(c,)| Backend::Mysql.sql().quote_ident(c))
            .collect();
        statements.push(format!(
            "INSERT INTO {} ({cols}) SELECT {cols} FROM {}",
            Backend::Mysql.sql().quote_ident(table),
            t(table),
            cols = list.join(", ")
        ));
    }
    statements.extend(views);
    let triggers: Vec<(String,)> = sqlx::query_as(
        "SELECT CAST(TRIGGER_NAME AS CHAR) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = ?",
    )
    .bind(template)
    .fetch_all(&mut admin)
    .await?;
    for (trigger,) in &triggers {
        let row = sqlx::query(AssertSqlSafe(format!("SHOW CREATE TRIGGER {}", t(trigger))))
            .fetch_one(&mut admin)
            .await?;
        statements.push(sqlx::Row::try_get::<String, _>(&row, 2)?);
    }
    let routines: Vec<(String, String)> = sqlx::query_as(
        "SELECT CAST(ROUTINE_NAME AS CHAR), CAST(ROUTINE_TYPE AS CHAR) FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = ?",
    )
    .bind(template)
    .fetch_all(&mut admin)
    .await?;
    for (routine, kind) in &routines {
        let row = sqlx::query(AssertSqlSafe(format!("SHOW CREATE {kind} {}", t(routine))))
            .fetch_one(&mut admin)
            .await?;
        statements.push(sqlx::Row::try_get::<String, _>(&row, 2)?);
    }
    let _ = admin.close().await;
    let mut conn = sqlx::MySqlConnection::connect(url).await?;
    run_each!(&mut conn, &statements).await?;
    let _ = conn.close().await;
    Ok(())
}

/// A SQLite template file for `scripts`, built once (into a temporary name, then renamed into
/// place, so a reader never sees a half-built file).
pub(crate) async fn sqlite_file(scripts: &[String]) -> Result<PathBuf, TestDbError> {
    let path = std::env::temp_dir().join(format!("{}.db", template_name(Backend::Sqlite, scripts)));
    if path.exists() {
        return Ok(path);
    }
    let building = path.with_extension(format!("building.{}", std::process::id()));
    let _ = std::fs::remove_file(&building);
    let url = format!("sqlite://{}?mode=rwc", building.display());
    for script in scripts {
        run_script_at(Backend::Sqlite, &url, script)
            .await
            .map_err(|e| TestDbError::Setup(format!("the schema failed: {e}")))?;
    }
    std::fs::rename(&building, &path)
        .map_err(|e| TestDbError::Setup(format!("placing the template {}: {e}", path.display())))?;
    Ok(path)
}
