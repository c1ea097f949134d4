//! Connections as a user meets them, through the `sprout` binary and the library: a server that
//! never answers (connect timeout), a statement that runs too long (statement timeout), TLS
//! verified against a CA of our own on the local PostgreSQL and MariaDB (`.ci/tls.sh` turns it
//! on), a refused password, a missing database, a URL that names no database, and a seed through
//! MariaDB's Unix socket.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Output};

use sprout_testkit::{Backend, TestDatabase};

fn sprout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sprout"))
        .args(args)
        .output()
        .expect("the sprout binary runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A port that accepts TCP connections and never says a word, as a stuck server or a proxy
/// with nothing behind it does. The listener lives as long as the returned value.
fn silent_port() -> (TcpListener, u16) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    (listener, port)
}

#[test]
fn a_server_that_never_answers_is_an_error_after_the_connect_timeout() {
    let (_listener, port) = silent_port();
    for scheme in ["postgres", "mysql"] {
        let url = format!("{scheme}://app:s3cret-pw@127.0.0.1:{port}/shop");
        for command in ["seed", "validate", "introspect"] {
            let output = sprout(&[command, &url, "--connect-timeout", "0.5"]);
            assert!(!output.status.success(), "{command} {scheme}");
            let err = stderr(&output);
            assert!(
                err.contains(&format!(
                    "no answer from {scheme}://app:***@127.0.0.1:{port}/shop"
                )),
                "{command}: {err}"
            );
            assert!(err.contains("within 0.5 s"), "{err}");
            assert!(err.contains("--connect-timeout"), "{err}");
            assert!(!err.contains("s3cret-pw"), "{err}");
        }
    }
}

#[test]
fn timeouts_must_be_positive_numbers_of_seconds() {
    for (flag, value) in [
        ("--connect-timeout", "0"),
        ("--connect-timeout", "NaN"),
        ("--statement-timeout", "-1"),
    ] {
        let arg = format!("{flag}={value}");
        let output = sprout(&["validate", "postgres://app@127.0.0.1:1/shop", &arg]);
        assert!(!output.status.success());
        let err = stderr(&output);
        assert!(err.contains("not a number of seconds"), "{arg}: {err}");
        assert!(err.contains(flag), "{err}");
    }
}

/// A table whose insert trigger sleeps 2 s: with a statement timeout of 0.3 s the server cancels
/// the seed, which rolls back and says so; without it the seed passes.
#[tokio::test]
async fn a_statement_timeout_cancels_a_slow_seed_and_leaves_nothing() {
    for (backend, script) in [
        (
            Backend::Postgres,
            "CREATE TABLE slow (id int PRIMARY KEY, note text NOT NULL);
             CREATE FUNCTION slow_down() RETURNS trigger LANGUAGE plpgsql AS
               $$ BEGIN PERFORM pg_sleep(2); RETURN NEW; END $$;
             CREATE TRIGGER slow_down BEFORE INSERT ON slow
               FOR EACH STATEMENT EXECUTE FUNCTION slow_down();",
        ),
        (
            Backend::Mysql,
            "CREATE TABLE slow (id int PRIMARY KEY, note varchar(40) NOT NULL);
             CREATE TRIGGER slow_down BEFORE INSERT ON slow
               FOR EACH ROW SET NEW.note = CONCAT(NEW.note, SLEEP(2));",
        ),
    ] {
        let Some(db) = TestDatabase::require(backend, "statement_timeout").await else {
            continue;
        };
        db.run_script(script).await.unwrap();
        let output = sprout(&[
            "seed",
            db.url(),
            "--rows",
            "3",
            "--statement-timeout",
            "0.3",
        ]);
        assert!(!output.status.success(), "{backend:?}");
        let err = stderr(&output);
        assert!(
            err.contains("statement timeout") || err.contains("max_statement_time"),
            "{backend:?}: {err}"
        );
        let count = sprout::live::Connection::open(db.url()).await.unwrap();
        let mut count = count;
        let rows = count
            .live()
            .fetch_count("SELECT COUNT(*) FROM slow")
            .await
            .unwrap();
        assert_eq!(rows, 0, "{backend:?}: the cancelled seed left rows");
        count.close().await;
        let output = sprout(&["seed", db.url(), "--rows", "1", "--statement-timeout", "30"]);
        assert!(output.status.success(), "{backend:?}: {}", stderr(&output));
    }
}

/// The directory `.ci/tls.sh` writes the test CA to, or a failure naming that command.
fn tls_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(
        std::env::var("SPROUT_TLS_DIR").unwrap_or_else(|_| "/var/lib/sprout-ci/tls".into()),
    );
    if dir.join("ca.pem").exists() {
        return Some(dir);
    }
    if sprout_testkit::missing_backends_allowed() {
        eprintln!("skipping TLS tests: no test CA in {}", dir.display());
        return None;
    }
    panic!(
        "no test CA in {}: run `bash .ci/tls.sh` (as root) to turn TLS on for the local PostgreSQL and MariaDB",
        dir.display()
    );
}

/// `url` with `params` appended to its query.
fn with_query(url: &str, params: &str) -> String {
    let joiner = if url.contains('?') { '&' } else { '?' };
    format!("{url}{joiner}{params}")
}

#[tokio::test]
async fn tls_verified_against_a_custom_ca_seeds_and_validates() {
    let Some(dir) = tls_dir() else { return };
    let ca = dir.join("ca.pem").display().to_string();
    let other_ca = dir.join("other-ca.pem").display().to_string();
    for (backend, verified, wrong_ca, encrypted) in [
        (
            Backend::Postgres,
            format!("sslmode=verify-full&sslrootcert={ca}"),
            format!("sslmode=verify-full&sslrootcert={other_ca}"),
            "SELECT COUNT(*) FROM pg_stat_ssl WHERE pid = pg_backend_pid() AND ssl",
        ),
        (
            Backend::Mysql,
            format!("ssl-mode=VERIFY_IDENTITY&ssl-ca={ca}"),
            format!("ssl-mode=VERIFY_IDENTITY&ssl-ca={other_ca}"),
            "SELECT COUNT(*) FROM information_schema.SESSION_STATUS
             WHERE VARIABLE_NAME = 'SSL_CIPHER' AND VARIABLE_VALUE <> ''",
        ),
    ] {
        let Some(db) = TestDatabase::require(backend, "tls").await else {
            continue;
        };
        db.run_script(
            "CREATE TABLE author (id int PRIMARY KEY, name varchar(40) NOT NULL);
             CREATE TABLE book (id int PRIMARY KEY, author_id int NOT NULL REFERENCES author (id));",
        )
        .await
        .unwrap();
        let url = with_query(db.url(), &verified);

        // The library's connection is encrypted.
        let mut conn = sprout::live::Connection::open(&url).await.unwrap();
        assert_eq!(
            conn.live().fetch_count(encrypted).await.unwrap(),
            1,
            "{backend:?}"
        );
        conn.close().await;

        // The binary seeds and validates over it.
        let output = sprout(&["seed", &url, "--rows", "20"]);
        assert!(output.status.success(), "{backend:?}: {}", stderr(&output));
        let output = sprout(&["validate", &url]);
        assert!(output.status.success(), "{backend:?}: {}", stderr(&output));

        // A CA that did not sign the server's certificate is refused, with the fix.
        let output = sprout(&["validate", &with_query(db.url(), &wrong_ca)]);
        assert!(
            !output.status.success(),
            "{backend:?}: an unknown CA was trusted"
        );
        let err = stderr(&output);
        assert!(err.contains("TLS failed"), "{backend:?}: {err}");
    }
}

#[tokio::test]
async fn a_refused_password_and_a_missing_database_say_which() {
    for backend in [Backend::Postgres, Backend::Mysql] {
        let Some(db) = TestDatabase::require(backend, "auth_messages").await else {
            continue;
        };
        let mut parsed = url::Url::parse(db.url()).unwrap();
        parsed.set_path("sprout_no_such_database");
        let output = sprout(&["validate", parsed.as_str()]);
        assert!(!output.status.success());
        let err = stderr(&output);
        assert!(
            err.contains("the database does not exist: create it first"),
            "{backend:?}: {err}"
        );

        let mut parsed = url::Url::parse(db.url()).unwrap();
        parsed.set_username("sprout_no_such_user").unwrap();
        parsed.set_password(Some("wrong-pw")).unwrap();
        let output = sprout(&["validate", parsed.as_str()]);
        assert!(!output.status.success());
        let err = stderr(&output);
        assert!(
            err.contains("the server refused the user or the password"),
            "{backend:?}: {err}"
        );
        assert!(!err.contains("wrong-pw"), "{err}");
        assert!(!err.contains("must exist"), "{backend:?}: {err}");
    }
}

#[test]
fn a_postgres_url_without_a_database_is_refused_with_the_fix() {
    let output = Command::new(env!("CARGO_BIN_EXE_sprout"))
        .args(["seed", "postgres://postgres@127.0.0.1:5432", "--rows", "1"])
        .env_remove("PGDATABASE")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let err = stderr(&output);
    assert!(err.contains("names no database"), "{err}");
    assert!(err.contains("postgres://user@host:5432/DATABASE"), "{err}");
}

/// A password in the user part and in query parameters never shows, on any subcommand, in
/// success lines or in `-vv` logs (PostgreSQL's trust login accepts any password; MariaDB's
/// root has none, so it gets the secret only where the server ignores it).
#[tokio::test]
async fn a_password_never_shows_on_success_either() {
    let Some(db) = TestDatabase::require(Backend::Postgres, "secret_success").await else {
        return;
    };
    db.run_script("CREATE TABLE item (id serial PRIMARY KEY, name text NOT NULL);")
        .await
        .unwrap();
    let mut parsed = url::Url::parse(db.url()).unwrap();
    parsed.set_password(Some("s3cret-pw")).unwrap();
    let url = with_query(parsed.as_str(), "sslpassword=s3cret-pw&sslmode=prefer");
    for command in [
        &["-vv", "seed", &url, "--rows", "5"][..],
        &["-vv", "validate", &url][..],
        &["-vv", "introspect", &url][..],
        &["-vv", "spec", &url][..],
        &["-vv", "graph", &url][..],
        &["-vv", "generate", "--schema", &url, "--rows", "2"][..],
    ] {
        let output = sprout(command);
        assert!(output.status.success(), "{command:?}: {}", stderr(&output));
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            stderr(&output)
        );
        assert!(
            !all.contains("s3cret-pw"),
            "{command:?} printed the secret: {all}"
        );
        assert!(
            !all.contains('\u{1b}'),
            "{command:?}: colour codes off a terminal"
        );
    }
    let output = sprout(&["validate", &url]);
    assert!(
        stderr(&output).contains("0 violations in postgres://postgres:***@"),
        "{}",
        stderr(&output)
    );
}

/// A local MariaDB reached through its Unix socket (`?socket=`), the way docs/connections.md
/// advises for seeding speed (sqlx 0.9.0 leaves Nagle's algorithm on for TCP): the seed goes
/// through the socket and the rows are there.
#[tokio::test]
async fn a_mysql_unix_socket_url_seeds() {
    let Some(db) = TestDatabase::require(Backend::Mysql, "unix_socket").await else {
        return;
    };
    if db.host() == sprout_testkit::Host::Container {
        eprintln!("SPROUT_TEST_HOST=container: the server's socket is inside the container");
        return;
    }
    db.run_script("CREATE TABLE item (id int PRIMARY KEY, name varchar(40) NOT NULL);")
        .await
        .unwrap();
    let mut conn = sprout::live::Connection::open(db.url()).await.unwrap();
    let socket = conn.live().fetch_text("SELECT @@socket").await.unwrap()[0][0]
        .clone()
        .expect("the server names its socket");
    conn.close().await;
    assert!(
        std::path::Path::new(&socket).exists(),
        "the local MariaDB's socket {socket} is missing"
    );
    let mut parsed = url::Url::parse(db.url()).unwrap();
    // The host is ignored when a socket is given; `localhost` says what is meant.
    parsed.set_host(Some("localhost")).unwrap();
    parsed.set_port(None).unwrap();
    let url = with_query(parsed.as_str(), &format!("socket={socket}"));
    let output = sprout(&["seed", &url, "--rows", "25"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut conn = sprout::live::Connection::open(db.url()).await.unwrap();
    let rows = conn
        .live()
        .fetch_count("SELECT COUNT(*) FROM item")
        .await
        .unwrap();
    conn.close().await;
    assert_eq!(rows, 25);
}
